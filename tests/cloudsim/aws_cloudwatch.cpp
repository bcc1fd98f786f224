#include "cloudsim/aws_cloudwatch.hpp"

#include "cloudsim/aws_reply.hpp"
#include "cloudsim/detail/aws_token.hpp"
#include "cloudsim/detail/rng.hpp"
#include "cloudsim/detail/sim_time.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>

namespace cloudsync::cloudsim {

namespace {

constexpr std::string_view cw_namespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";
constexpr std::size_t max_queries = 500;
constexpr std::int64_t default_max_datapoints = 100800;

struct metric_query {
    std::string id;
    std::string metric_namespace;
    std::string metric_name;
    std::string instance_id; // the InstanceId dimension, "" when none
    std::int64_t period = 0;
    std::string stat;
    bool return_data = true;
    bool expression = false;
};

void element(std::string& out, std::string_view name, std::string_view text) {
    append_xml_element(out, name, text);
}

std::string open_response(std::string_view action) {
    return "<" + std::string(action) + "Response xmlns=\"" + std::string(cw_namespace) + "\"><" +
           std::string(action) + "Result>";
}

std::string close_response(std::string_view action, const std::string& id) {
    std::string out = "</" + std::string(action) + "Result><ResponseMetadata>";
    element(out, "RequestId", id);
    return out + "</ResponseMetadata></" + std::string(action) + "Response>";
}

std::optional<std::int64_t> number(const std::optional<std::string>& text) {
    if (!text)
        return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size())
        return std::nullopt;
    return value;
}

std::string format_value(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

// MetricDataQueries.member.1.Id ... -> queries, in member order.
std::vector<metric_query> read_queries(const aws_params& params) {
    std::map<std::size_t, metric_query> by_member;
    constexpr std::string_view prefix = "MetricDataQueries.member.";
    for (const auto& [key, value] : params) {
        if (!std::string_view(key).starts_with(prefix))
            continue;
        std::string_view rest = std::string_view(key).substr(prefix.size());
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
        if (ec != std::errc{} || end == rest.data() + rest.size() || *end != '.')
            continue;
        const std::string_view field = rest.substr(static_cast<std::size_t>(end - rest.data()) + 1);
        auto& q = by_member[n];
        if (field == "Id")
            q.id = value;
        else if (field == "MetricStat.Metric.Namespace")
            q.metric_namespace = value;
        else if (field == "MetricStat.Metric.MetricName")
            q.metric_name = value;
        else if (field == "MetricStat.Period")
            q.period = number(value).value_or(0);
        else if (field == "MetricStat.Stat")
            q.stat = value;
        else if (field == "ReturnData")
            q.return_data = value != "false";
        else if (field == "Expression")
            q.expression = true;
        else if (field.starts_with("MetricStat.Metric.Dimensions.member.") &&
                 field.ends_with(".Name") && value == "InstanceId") {
            const auto value_key = std::string(key.substr(0, key.size() - 4)) + "Value";
            q.instance_id = aws_param(params, value_key).value_or("");
        }
    }
    std::vector<metric_query> out;
    for (auto& [n, q] : by_member)
        out.push_back(std::move(q));
    return out;
}

reply get_metric_data(const aws_region& region, const aws_params& params) {
    const auto queries = read_queries(params);
    if (queries.empty())
        return aws_query_error(400, "MissingParameter",
                               "The parameter MetricDataQueries is required.");
    if (queries.size() > max_queries)
        return aws_query_error(
            400, "ValidationError",
            "The collection MetricDataQueries must not have a size greater than 500.");
    const auto start = detail::parse_time(aws_param(params, "StartTime").value_or(""));
    const auto end = detail::parse_time(aws_param(params, "EndTime").value_or(""));
    if (!start || !end)
        return aws_query_error(400, "MissingParameter",
                               "The parameters StartTime and EndTime are required (ISO 8601).");
    if (*start >= *end)
        return aws_query_error(400, "ValidationError",
                               "The parameter StartTime must be less than the parameter EndTime.");
    for (const auto& q : queries) {
        if (q.id.empty())
            return aws_query_error(400, "ValidationError", "Every MetricDataQuery needs an Id.");
        if (!q.expression && (q.period < 60 || q.period % 60 != 0))
            return aws_query_error(
                400, "InvalidParameterValue",
                "The parameter MetricStat.Period must be a multiple of 60 for query " + q.id + ".");
    }
    const bool ascending = aws_param(params, "ScanBy") == "TimestampAscending";
    const std::int64_t max_points =
        number(aws_param(params, "MaxDatapoints")).value_or(default_max_datapoints);
    std::size_t first = 0;
    if (const auto token = aws_param(params, "NextToken"); token && !token->empty()) {
        const auto position = detail::aws_page_position("cw:data:" + region.name, *token);
        if (!position || *position >= queries.size())
            return aws_query_error(400, "InvalidNextToken",
                                   "The service couldn't process the NextToken.");
        first = *position;
    }
    std::map<std::string, const aws_instance*> running;
    for (const auto& i : region.instances) {
        if (i.state.code == 16)
            running.emplace(aws_instance_id(i), &i);
    }

    const std::string id = aws_request_id();
    std::string body = open_response("GetMetricData") + "<MetricDataResults>";
    std::int64_t points = 0;
    std::size_t k = first;
    for (; k < queries.size(); ++k) {
        const auto& q = queries[k];
        if (!q.return_data)
            continue;
        std::vector<std::int64_t> times;
        const auto it = running.find(q.instance_id);
        const bool known = !q.expression && q.metric_namespace == "AWS/EC2" &&
                           it != running.end() &&
                           aws_metric_value(*it->second, q.metric_name, 0).has_value();
        if (known) {
            const std::int64_t aligned = (*start + q.period - 1) / q.period * q.period;
            for (std::int64_t t = aligned; t < *end; t += q.period)
                times.push_back(t);
            if (!ascending)
                std::reverse(times.begin(), times.end());
        }
        // Whole queries per page: stop before one that would overflow the budget.
        if (points > 0 && points + static_cast<std::int64_t>(times.size()) > max_points)
            break;
        points += static_cast<std::int64_t>(times.size());
        body += "<member>";
        element(body, "Id", q.id);
        element(body, "Label", q.metric_name);
        element(body, "StatusCode", "Complete");
        body += "<Timestamps>";
        for (const auto t : times)
            element(body, "member", detail::format_time(t));
        body += "</Timestamps><Values>";
        for (const auto t : times)
            element(body, "member", format_value(*aws_metric_value(*it->second, q.metric_name, t)));
        body += "</Values></member>";
    }
    body += "</MetricDataResults><Messages/>";
    if (k < queries.size())
        element(body, "NextToken", detail::aws_page_token("cw:data:" + region.name, k));
    body += close_response("GetMetricData", id);
    return aws_xml_reply(std::move(body), id);
}

void string_list(std::string& out, std::string_view name, const std::vector<std::string>& items) {
    out += '<';
    out += name;
    out += '>';
    for (const auto& item : items)
        element(out, "member", item);
    out += "</";
    out += name;
    out += '>';
}

std::string alarm_time(const aws_alarm& a, std::int64_t offset) {
    return detail::format_time(1704067200 + static_cast<std::int64_t>(a.hash % (300ULL * 86400)) +
                               offset);
}

void alarm_common(std::string& out, const aws_account& acc, const aws_region& r,
                  const aws_alarm& a) {
    const std::string topic = "arn:aws:sns:" + r.name + ":" + acc.options.id + ":ops-alerts";
    element(out, "ActionsEnabled", aws_alarm_actions_enabled(a) ? "true" : "false");
    string_list(out, "AlarmActions", {topic});
    element(out, "AlarmArn", aws_alarm_arn(acc, r, a));
    element(out, "AlarmConfigurationUpdatedTimestamp", alarm_time(a, 0));
    element(out, "AlarmDescription", "sim alarm " + std::to_string(a.index + 1));
    element(out, "AlarmName", aws_alarm_name(a));
}

void alarm_state(std::string& out, const aws_alarm& a) {
    const auto state = aws_alarm_state(a);
    element(out, "StateReason",
            state == "ALARM" ? "Threshold Crossed: 1 datapoint was greater than the threshold."
                             : "Threshold Crossed: no datapoints were greater than the threshold.");
    element(out, "StateUpdatedTimestamp", alarm_time(a, 3600));
    element(out, "StateValue", state);
}

void metric_alarm(std::string& out, const aws_account& acc, const aws_region& r,
                  const aws_alarm& a) {
    const auto metric = aws_alarm_metric(a);
    out += "<member>";
    alarm_common(out, acc, r, a);
    element(out, "ComparisonOperator", "GreaterThanThreshold");
    const auto instance = aws_alarm_instance(r, a);
    out += "<Dimensions>";
    if (!instance.empty())
        out +=
            "<member><Name>InstanceId</Name><Value>" + xml_escaped(instance) + "</Value></member>";
    out += "</Dimensions>";
    element(out, "EvaluationPeriods", "3");
    element(out, "DatapointsToAlarm", "2");
    string_list(out, "InsufficientDataActions", {});
    element(out, "MetricName", metric);
    element(out, "Namespace", "AWS/EC2");
    string_list(out, "OKActions", {});
    element(out, "Period", "300");
    alarm_state(out, a);
    element(out, "Statistic", "Average");
    element(out, "Threshold", metric == "CPUUtilization" ? "80.0" : "50000000.0");
    element(out, "TreatMissingData", "missing");
    out += "</member>";
}

void composite_alarm(std::string& out, const aws_account& acc, const aws_region& r,
                     const aws_alarm& a) {
    out += "<member>";
    alarm_common(out, acc, r, a);
    string_list(out, "InsufficientDataActions", {});
    string_list(out, "OKActions", {});
    alarm_state(out, a);
    // Over the two metric alarms before it (index % 4 == 3, so 1 and 2 before are metric ones).
    const std::string rule = "ALARM(\"" + aws_alarm_name({a.index - 1, 0}) + "\") OR ALARM(\"" +
                             aws_alarm_name({a.index - 2, 0}) + "\")";
    element(out, "AlarmRule", rule);
    out += "</member>";
}

reply describe_alarms(const aws_account& acc, const aws_region& r, const aws_params& params) {
    bool metric = false;
    bool composite = false;
    for (std::size_t n = 1;; ++n) {
        const auto type = aws_param(params, "AlarmTypes.member." + std::to_string(n));
        if (!type)
            break;
        if (*type == "MetricAlarm")
            metric = true;
        else if (*type == "CompositeAlarm")
            composite = true;
        else
            return aws_query_error(400, "ValidationError",
                                   "AlarmTypes must be MetricAlarm or CompositeAlarm.");
    }
    if (!metric && !composite)
        metric = true; // the documented default: metric alarms only
    const auto max = aws_param(params, "MaxRecords") ? number(aws_param(params, "MaxRecords"))
                                                     : std::optional<std::int64_t>(50);
    if (!max || *max < 1 || *max > 100)
        return aws_query_error(400, "ValidationError",
                               "The parameter MaxRecords must be between 1 and 100.");
    const auto state = aws_param(params, "StateValue");
    std::size_t start = 0;
    const std::string kind = "cw:alarms:" + r.name;
    if (const auto token = aws_param(params, "NextToken"); token && !token->empty()) {
        const auto position = detail::aws_page_position(kind, *token);
        if (!position)
            return aws_query_error(400, "InvalidNextToken",
                                   "The service couldn't process the NextToken.");
        start = *position;
    }
    std::string metric_xml;
    std::string composite_xml;
    std::size_t taken = 0;
    std::size_t k = start;
    for (; k < r.alarms.size() && taken < static_cast<std::size_t>(*max); ++k) {
        const auto& a = r.alarms[k];
        const bool is_composite = aws_alarm_composite(a);
        if ((is_composite ? !composite : !metric) || (state && aws_alarm_state(a) != *state))
            continue;
        if (is_composite)
            composite_alarm(composite_xml, acc, r, a);
        else
            metric_alarm(metric_xml, acc, r, a);
        ++taken;
    }
    const std::string id = aws_request_id();
    std::string body = open_response("DescribeAlarms");
    body += "<MetricAlarms>" + metric_xml + "</MetricAlarms>";
    body += "<CompositeAlarms>" + composite_xml + "</CompositeAlarms>";
    if (k < r.alarms.size())
        element(body, "NextToken", detail::aws_page_token(kind, k));
    body += close_response("DescribeAlarms", id);
    return aws_xml_reply(std::move(body), id);
}

} // namespace

std::optional<double> aws_metric_value(const aws_instance& instance, std::string_view metric,
                                       std::int64_t time) {
    static constexpr std::array<std::string_view, 7> metrics = {
        "CPUUtilization", "NetworkIn",    "NetworkOut",   "DiskReadBytes",
        "DiskWriteBytes", "EBSReadBytes", "EBSWriteBytes"};
    const auto it = std::find(metrics.begin(), metrics.end(), metric);
    if (it == metrics.end())
        return std::nullopt;
    const auto salt = static_cast<std::uint64_t>(it - metrics.begin());
    const double unit =
        static_cast<double>(detail::hash(instance.hash, salt, static_cast<std::uint64_t>(time)) %
                            10000) /
        10000.0;
    if (salt == 0)
        return 2.0 + unit * 90.0;
    return static_cast<double>(static_cast<std::uint64_t>(unit * 5.0e7));
}

reply handle_cloudwatch(const aws_account& account, const aws_region& region,
                        const aws_params& params) {
    const auto action = aws_param(params, "Action").value_or("");
    if (action == "GetMetricData")
        return get_metric_data(region, params);
    if (action == "DescribeAlarms")
        return describe_alarms(account, region, params);
    return aws_query_error(400, "InvalidAction",
                           "Could not find operation " + action + " for version 2010-08-01");
}

} // namespace cloudsync::cloudsim
