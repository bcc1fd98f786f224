#include "cloudsim/gcp_monitoring.hpp"

#include "cloudsim/detail/google_list.hpp"
#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/gcp_time_series.hpp"

#include <algorithm>

namespace cloudsync::cloudsim {

namespace {

using detail::append_member;

constexpr std::string_view created = "2024-04-01T12:34:56.123456Z";

void append_record(std::string& out, std::string_view key, const std::string& time) {
    detail::append_key(out, key);
    out += '{';
    append_member(out, "mutateTime", time);
    append_member(out, "mutatedBy", "user@example.com", false);
    out += "},";
}

// A conditionThreshold as Monitoring returns it (the golden list's shape).
struct threshold {
    std::string_view display_name;
    std::string_view metric;
    std::string_view aligner;
    std::string_view reducer;
    std::string_view group_by;
    std::string_view value; // JSON number text
    std::string_view duration;
};

void append_condition(std::string& out, const std::string& policy_name, std::uint64_t id,
                      const threshold& t) {
    out += '{';
    append_member(out, "name", policy_name + "/conditions/" + std::to_string(id));
    append_member(out, "displayName", t.display_name);
    out += "\"conditionThreshold\":{\"aggregations\":[{\"alignmentPeriod\":\"60s\",";
    append_member(out, "crossSeriesReducer", t.reducer);
    out += "\"groupByFields\":[";
    detail::append_string(out, t.group_by);
    out += "],";
    append_member(out, "perSeriesAligner", t.aligner, false);
    out += "}],\"comparison\":\"COMPARISON_GT\",";
    append_member(out, "duration", t.duration);
    append_member(out, "filter",
                  "metric.type=\"" + std::string(t.metric) +
                      "\" AND resource.type=\"gce_instance\"");
    out += "\"thresholdValue\":";
    out += t.value;
    out += ",\"trigger\":{\"count\":1}}}";
}

void append_conditions(std::string& out, const std::string& name, const gcp_alert_policy& a) {
    out += "\"conditions\":[";
    const std::uint64_t id = 10000000000000000000ULL / 2 + a.hash % 1000000000000000ULL;
    append_condition(out, name, id,
                     {"CPU usage is extremely high",
                      "compute.googleapis.com/instance/cpu/utilization", "ALIGN_MAX", "REDUCE_MEAN",
                      "project", (a.hash >> 8) % 2 ? "0.9" : "0.8", "900s"});
    if (gcp_alert_policy_conditions(a) == 2) {
        out += ',';
        append_condition(
            out, name, id + 1,
            {"Network in is high", "compute.googleapis.com/instance/network/received_bytes_count",
             "ALIGN_RATE", "REDUCE_SUM", "resource.label.instance_id", "10000000", "300s"});
    }
    out += "],";
}

void render_policy(std::string& out, const gcp_project& p, const gcp_alert_policy& a) {
    const std::string name = gcp_alert_policy_name(p, a);
    out += '{';
    append_member(out, "combiner", gcp_alert_policy_conditions(a) == 2 ? "AND" : "OR");
    append_conditions(out, name, a);
    append_record(out, "creationRecord", std::string(created));
    append_member(out, "displayName", gcp_alert_policy_display_name(a));
    out += "\"enabled\":";
    out += gcp_alert_policy_enabled(a) ? "true," : "false,";
    // Each change is an update: its record moves on.
    append_record(out, "mutationRecord",
                  a.revision == 0
                      ? std::string(created)
                      : "2024-05-01T12:00:00." + std::to_string(100000 + a.revision) + "Z");
    if (const auto severity = gcp_alert_policy_severity(a); !severity.empty())
        append_member(out, "severity", severity);
    if (gcp_alert_policy_labelled(a)) {
        out += "\"userLabels\":{";
        append_member(out, "env", (a.hash >> 20) % 2 == 0 ? "prod" : "dev");
        append_member(out, "owner", "team-" + std::to_string((a.hash >> 24) % 8));
        append_member(out, "revision", std::to_string(a.revision), false);
        out += "},";
    }
    append_member(out, "name", name, false);
    out += '}';
}

reply alert_policies_reply(const gcp_config& config, const gcp_project& p,
                           boost::urls::url_view url) {
    detail::window w;
    if (auto bad = detail::read_window(config.page_size, url, "pageSize", config.page_size, w))
        return std::move(*bad);
    for (const auto* unsupported : {"filter", "orderBy"})
        if (detail::query_param(url, unsupported))
            return google_error(400, "INVALID_ARGUMENT", "invalid",
                                "cloudsim does not evaluate " + std::string(unsupported));
    const auto& policies = p.alert_policies;
    const std::size_t end = std::min(policies.size(), w.start + w.size);
    std::string out = "{";
    if (w.start < end) {
        out += "\"alertPolicies\":[";
        for (std::size_t k = w.start; k < end; ++k) {
            if (k != w.start)
                out += ',';
            render_policy(out, p, policies[k]);
        }
        out += "],";
    }
    detail::append_next(out, w, policies.size());
    if (!policies.empty()) {
        out += "\"totalSize\":";
        detail::append_number(out, policies.size());
    }
    if (out.back() == ',')
        out.pop_back();
    out += '}';
    return json_reply(200, std::move(out));
}

} // namespace

std::optional<std::string_view> monitoring_route(std::string_view collection) {
    if (collection == "alertPolicies")
        return "gcpAlertPolicies";
    if (collection == "timeSeries")
        return "gcpTimeSeries";
    return std::nullopt;
}

reply monitoring_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                       std::string_view route, boost::urls::url_view url) {
    if (p.monitoring_disabled)
        return detail::service_disabled(p.number, "Cloud Monitoring API",
                                        "monitoring.googleapis.com");
    if (route == "gcpAlertPolicies")
        return alert_policies_reply(config, p, url);
    if (route == "gcpTimeSeries")
        return time_series_reply(estate, p, url);
    return google_error(404, "NOT_FOUND", "notFound",
                        "The requested URL was not found on this server.");
}

} // namespace cloudsync::cloudsim
