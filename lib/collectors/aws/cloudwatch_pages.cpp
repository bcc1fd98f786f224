#include "collectors/aws/cloudwatch_pages.hpp"

#include "collectors/aws/detail/arn.hpp"
#include "collectors/aws/detail/xml.hpp"
#include "core/json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace cloudsync::collectors::aws {

namespace {

using detail::fail;
using detail::for_each_child;

// Each `member` of the list element `name` under parent (absent: none).
template <class F> void for_each_member(pugi::xml_node parent, std::string_view name, F&& f) {
    if (const auto list = detail::optional_child(parent, name))
        for_each_child(list, "member", f);
}

double number_of(pugi::xml_node element) {
    const auto text = detail::text_of(element);
    double value = 0;
    const auto* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(text.data(), last, value);
    if (text.empty() || ec != std::errc() || end != last || !std::isfinite(value))
        fail(element, "is not a number");
    return value;
}

std::int64_t integer_of(pugi::xml_node element) {
    const auto text = detail::text_of(element);
    std::int64_t value = 0;
    const auto* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(text.data(), last, value);
    if (text.empty() || ec != std::errc() || end != last)
        fail(element, "is not an integer");
    return value;
}

common::time_point time_of(pugi::xml_node element) {
    const auto time = common::parse_utc(detail::text_of(element));
    if (!time)
        fail(element, "is not a UTC time");
    return *time;
}

std::optional<std::string> token_of(pugi::xml_node result) {
    auto token = detail::optional_text(result, "NextToken");
    if (token && token->empty())
        token.reset();
    return token;
}

std::vector<cloudwatch_message> messages_of(pugi::xml_node parent) {
    std::vector<cloudwatch_message> out;
    for_each_member(parent, "Messages", [&](pugi::xml_node member) {
        out.push_back(
            {detail::text_or_empty(member, "Code"), detail::text_or_empty(member, "Value")});
    });
    return out;
}

metric_data_result parse_result(pugi::xml_node member) {
    metric_data_result out;
    out.id = detail::required_text(member, "Id");
    out.label = detail::text_or_empty(member, "Label");
    out.status_code = detail::text_or_empty(member, "StatusCode");
    for_each_member(member, "Timestamps",
                    [&](pugi::xml_node t) { out.timestamps.push_back(time_of(t)); });
    for_each_member(member, "Values",
                    [&](pugi::xml_node v) { out.values.push_back(number_of(v)); });
    if (out.timestamps.size() != out.values.size())
        fail(member, "has " + std::to_string(out.timestamps.size()) + " Timestamps but " +
                         std::to_string(out.values.size()) + " Values");
    out.messages = messages_of(member);
    return out;
}

// Adds the instance ARN of every InstanceId dimension in Dimensions under parent.
void add_instance_targets(pugi::xml_node parent, std::string_view region,
                          std::string_view account_id, std::vector<std::string>& to) {
    for_each_member(parent, "Dimensions", [&](pugi::xml_node dimension) {
        if (detail::text_or_empty(dimension, "Name") != "InstanceId")
            return;
        auto arn =
            ec2_arn(region, account_id, "instance", detail::required_text(dimension, "Value"));
        if (std::find(to.begin(), to.end(), arn) == to.end())
            to.push_back(std::move(arn));
    });
}

// The MetricStat/Metric of each Metrics member (metric math alarms).
template <class F> void for_each_metric_stat(pugi::xml_node alarm, F&& f) {
    for_each_member(alarm, "Metrics", [&](pugi::xml_node query) {
        if (const auto stat = detail::optional_child(query, "MetricStat"))
            if (const auto metric = detail::optional_child(stat, "Metric"))
                f(metric);
    });
}

boost::json::object metric_condition(pugi::xml_node alarm) {
    boost::json::object out;
    for (const auto* key : {"Namespace", "MetricName", "Statistic", "ExtendedStatistic",
                            "ThresholdMetricId", "ComparisonOperator", "TreatMissingData"})
        if (auto text = detail::optional_text(alarm, key))
            out[key] = *text;
    for (const auto* key : {"Period", "EvaluationPeriods", "DatapointsToAlarm"})
        if (const auto element = detail::optional_child(alarm, key))
            out[key] = integer_of(element);
    if (const auto threshold = detail::optional_child(alarm, "Threshold"))
        out["Threshold"] = number_of(threshold);
    for (const auto* key : {"Dimensions", "Metrics"})
        if (const auto element = detail::optional_child(alarm, key))
            out[key] = detail::to_json(element);
    return out;
}

inventory::record parse_alarm(pugi::xml_node alarm, bool composite, std::string_view region,
                              std::string_view account_id) {
    inventory::record rec;
    rec.native_id = detail::required_text(alarm, "AlarmArn");
    if (!detail::is_arn(rec.native_id))
        fail(detail::optional_child(alarm, "AlarmArn"), "is not an ARN");
    rec.name = detail::text_or_empty(alarm, "AlarmName");
    rec.region = std::string(region);
    rec.raw = detail::json_text(alarm);
    inventory::alert_columns columns;
    columns.state = normalize_alarm_state(detail::text_or_empty(alarm, "StateValue"));
    if (const auto enabled = detail::optional_child(alarm, "ActionsEnabled")) {
        const auto text = detail::text_of(enabled);
        if (text != "true" && text != "false")
            fail(enabled, "is not true or false");
        columns.enabled = text == "true";
    }
    if (const auto updated = detail::optional_child(alarm, "StateUpdatedTimestamp"))
        columns.state_changed_at = time_of(updated);
    if (composite) {
        boost::json::object condition;
        condition["AlarmRule"] = detail::text_or_empty(alarm, "AlarmRule");
        columns.condition = json::to_text(condition);
    } else {
        add_instance_targets(alarm, region, account_id, columns.target_ids);
        for_each_metric_stat(alarm, [&](pugi::xml_node metric) {
            add_instance_targets(metric, region, account_id, columns.target_ids);
        });
        columns.condition = json::to_text(metric_condition(alarm));
    }
    rec.columns = std::move(columns);
    return rec;
}

} // namespace

metric_data_page parse_metric_data_page(std::string_view xml) {
    const detail::xml_page page(xml, "GetMetricDataResponse");
    const auto result = detail::required_child(page.root(), "GetMetricDataResult");
    metric_data_page out;
    for_each_member(result, "MetricDataResults",
                    [&](pugi::xml_node member) { out.results.push_back(parse_result(member)); });
    out.messages = messages_of(result);
    out.next_token = token_of(result);
    return out;
}

token_page<inventory::record> parse_alarm_page(std::string_view xml, std::string_view region,
                                               std::string_view account_id) {
    const detail::xml_page page(xml, "DescribeAlarmsResponse");
    const auto result = detail::required_child(page.root(), "DescribeAlarmsResult");
    token_page<inventory::record> out;
    for_each_member(result, "MetricAlarms", [&](pugi::xml_node alarm) {
        out.items.push_back(parse_alarm(alarm, false, region, account_id));
    });
    for_each_member(result, "CompositeAlarms", [&](pugi::xml_node alarm) {
        out.items.push_back(parse_alarm(alarm, true, region, account_id));
    });
    out.next_token = token_of(result);
    return out;
}

inventory::alert_state normalize_alarm_state(std::string_view state_value) {
    if (state_value == "ALARM")
        return inventory::alert_state::firing;
    if (state_value == "OK")
        return inventory::alert_state::ok;
    return inventory::alert_state::unknown;
}

} // namespace cloudsync::collectors::aws
