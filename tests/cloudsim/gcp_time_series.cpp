#include "cloudsim/gcp_time_series.hpp"

#include "cloudsim/detail/google_list.hpp"
#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"
#include "cloudsim/detail/sim_time.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <map>

namespace cloudsync::cloudsim {

namespace {

using detail::append_member;
using detail::append_string;

constexpr std::size_t max_page = 100000;
constexpr std::int64_t max_points_per_series = 10080; // a week of minutes

reply bad_request(std::string_view message) {
    return google_error(400, "INVALID_ARGUMENT", "badRequest", message);
}

bool is_gauge(std::size_t metric) {
    return metric == 0;
}

// The filter's `key = "value"` terms (AND, or a space, between them); nullopt
// when it is not made of such terms. A repeated key keeps every value.
std::optional<std::multimap<std::string, std::string>> filter_terms(std::string_view f) {
    std::multimap<std::string, std::string> terms;
    auto skip_spaces = [&f] {
        while (!f.empty() && f.front() == ' ')
            f.remove_prefix(1);
    };
    for (;;) {
        skip_spaces();
        if (f.empty())
            return terms;
        if (f.substr(0, 4) == "AND ") {
            f.remove_prefix(4);
            continue;
        }
        std::size_t n = 0;
        while (n < f.size() && (std::isalnum(static_cast<unsigned char>(f[n])) || f[n] == '.' ||
                                f[n] == '_'))
            ++n;
        if (n == 0)
            return std::nullopt;
        std::string key(f.substr(0, n));
        f.remove_prefix(n);
        skip_spaces();
        if (f.empty() || f.front() != '=')
            return std::nullopt;
        f.remove_prefix(1);
        skip_spaces();
        if (f.empty() || f.front() != '"')
            return std::nullopt;
        const auto close = f.find('"', 1);
        if (close == std::string_view::npos)
            return std::nullopt;
        terms.emplace(std::move(key), std::string(f.substr(1, close - 1)));
        f.remove_prefix(close + 1);
    }
}

std::optional<std::int64_t> seconds_of(std::string_view period) {
    if (period.size() < 2 || period.back() != 's')
        return std::nullopt;
    std::int64_t n = 0;
    const auto* end = period.data() + period.size() - 1;
    const auto r = std::from_chars(period.data(), end, n);
    if (r.ec != std::errc{} || r.ptr != end)
        return std::nullopt;
    return n;
}

bool aligner_suits(std::size_t metric, std::string_view aligner) {
    if (is_gauge(metric))
        return aligner == "ALIGN_MEAN" || aligner == "ALIGN_MAX" || aligner == "ALIGN_MIN";
    return aligner == "ALIGN_DELTA" || aligner == "ALIGN_RATE";
}

void append_double(std::string& out, double value) {
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, r.ptr);
}

struct request {
    std::size_t metric = 0;
    std::string aligner;
    std::int64_t period = 60;
    std::int64_t start = 0;
    std::int64_t end = 0;
    bool headers = false;
};

// The aligned minute ends in (start, end], newest first, at most a week.
std::vector<std::int64_t> point_ends(const request& r) {
    std::vector<std::int64_t> ends;
    for (std::int64_t e = r.end - r.end % r.period;
         e > r.start && static_cast<std::int64_t>(ends.size()) < max_points_per_series;
         e -= r.period)
        ends.push_back(e);
    return ends;
}

void render_series(std::string& out, const gcp_estate& estate, const gcp_project& p,
                   const gcp_instance& i, const request& r, const std::vector<std::int64_t>& ends) {
    const bool gauge_out = is_gauge(r.metric) || r.aligner == "ALIGN_RATE";
    out += "{\"metric\":{\"labels\":{";
    append_member(out, "instance_name", gcp_instance_name(p, i), false);
    out += "},";
    append_member(out, "type", gcp_vm_metric_types[r.metric], false);
    out += "},\"resource\":{";
    append_member(out, "type", "gce_instance");
    out += "\"labels\":{";
    append_member(out, "project_id", p.id);
    append_member(out, "instance_id", gcp_instance_id(p, i));
    append_member(out, "zone", estate.options().zones[i.zone], false);
    out += "}},";
    append_member(out, "metricKind", gauge_out ? "GAUGE" : "DELTA");
    const bool int_values = !is_gauge(r.metric) && r.aligner == "ALIGN_DELTA";
    append_member(out, "valueType", int_values ? "INT64" : "DOUBLE", !r.headers);
    if (r.headers) {
        out += '}';
        return;
    }
    out += "\"points\":[";
    for (std::size_t k = 0; k < ends.size(); ++k) {
        const std::int64_t e = ends[k];
        if (k != 0)
            out += ',';
        out += "{\"interval\":{";
        append_member(out, "startTime", detail::format_time(gauge_out ? e : e - r.period));
        append_member(out, "endTime", detail::format_time(e), false);
        out += "},\"value\":{";
        double v = gcp_metric_value(i, r.metric, e);
        if (int_values) {
            append_member(out, "int64Value", std::to_string(static_cast<std::int64_t>(v)), false);
        } else {
            if (r.aligner == "ALIGN_RATE")
                v /= static_cast<double>(r.period);
            append_string(out, "doubleValue");
            out += ':';
            append_double(out, v);
        }
        out += "}}";
    }
    out += "]}";
}

} // namespace

double gcp_metric_value(const gcp_instance& i, std::size_t metric, std::int64_t end_seconds) {
    const auto h = detail::hash(i.hash, metric + 1, static_cast<std::uint64_t>(end_seconds));
    if (is_gauge(metric))
        return static_cast<double>(h % 10000) / 10000.0;
    return static_cast<double>(h % 50000000);
}

reply time_series_reply(const gcp_estate& estate, const gcp_project& p, boost::urls::url_view url) {
    using detail::query_param;
    const auto filter = query_param(url, "filter");
    if (!filter)
        return bad_request("Field filter had an invalid value: a filter is required");
    const auto terms = filter_terms(*filter);
    if (!terms || terms->count("metric.type") != 1)
        return bad_request("Field filter had an invalid value of \"" + *filter +
                           "\": must specify exactly one metric type");
    request r;
    const auto& type = terms->find("metric.type")->second;
    const auto known = std::find(std::begin(gcp_vm_metric_types), std::end(gcp_vm_metric_types),
                                 type);
    for (const auto& [key, value] : *terms)
        if (key != "metric.type" && key != "resource.type" && key != "resource.labels.project_id")
            return bad_request("Field filter had an invalid value: the sim does not filter on " +
                               key);
    const auto end = query_param(url, "interval.endTime");
    const auto end_s = end ? detail::parse_time(*end) : std::nullopt;
    if (!end_s)
        return bad_request("Field interval.endTime had an invalid value");
    const auto start = query_param(url, "interval.startTime");
    const auto start_s = start ? detail::parse_time(*start) : end_s;
    if (!start_s || *start_s > *end_s)
        return bad_request("Field interval.startTime had an invalid value: it must be a time no "
                           "later than the end time");
    r.start = *start_s;
    r.end = *end_s;
    const auto view = query_param(url, "view").value_or("FULL");
    if (view != "FULL" && view != "HEADERS")
        return bad_request("Invalid value at 'view' (type.googleapis.com/"
                           "google.monitoring.v3.ListTimeSeriesRequest.TimeSeriesView), \"" +
                           view + "\"");
    r.headers = view == "HEADERS";
    r.aligner = query_param(url, "aggregation.perSeriesAligner").value_or("ALIGN_NONE");
    if (r.aligner != "ALIGN_NONE") {
        const auto period = query_param(url, "aggregation.alignmentPeriod");
        const auto seconds = period ? seconds_of(*period) : std::nullopt;
        if (!seconds || *seconds < 60)
            return bad_request("The alignment period must be at least 60 seconds when an aligner "
                               "other than ALIGN_NONE is given");
        r.period = *seconds;
    }
    detail::window w;
    if (auto bad = detail::read_window(max_page, url, "pageSize", max_page, w))
        return std::move(*bad);

    if (known != std::end(gcp_vm_metric_types)) {
        r.metric = static_cast<std::size_t>(known - std::begin(gcp_vm_metric_types));
        if (r.aligner != "ALIGN_NONE" && !aligner_suits(r.metric, r.aligner))
            return bad_request("The aligner " + r.aligner + " is not valid for metric " + type +
                               " of kind " + (is_gauge(r.metric) ? "GAUGE" : "DELTA"));
    }

    std::string out = "{";
    const bool ours = known != std::end(gcp_vm_metric_types) &&
                      terms->find("resource.type") != terms->end() &&
                      terms->find("resource.type")->second == "gce_instance";
    const auto project_term = terms->find("resource.labels.project_id");
    if (ours && (project_term == terms->end() || project_term->second == p.id)) {
        const auto ends = point_ends(r);
        // Series indexes of the RUNNING instances (the others report nothing).
        std::vector<std::size_t> live;
        for (std::size_t k = 0; k < p.instances.size(); ++k)
            if (p.instances[k].status == "RUNNING")
                live.push_back(k);
        const std::size_t per_series = r.headers ? 1 : std::max<std::size_t>(ends.size(), 1);
        std::size_t k = w.start;
        std::size_t used = 0;
        bool any = false;
        for (; k < live.size(); ++k) {
            if (any && used + per_series > w.size)
                break;
            out += any ? "," : "\"timeSeries\":[";
            render_series(out, estate, p, p.instances[live[k]], r, ends);
            used += per_series;
            any = true;
        }
        if (any)
            out += ']';
        if (k < live.size()) {
            out += any ? "," : "";
            append_member(out, "nextPageToken",
                          std::string(detail::token_prefix) + std::to_string(k), false);
        }
    }
    out += '}';
    return json_reply(200, std::move(out));
}

} // namespace cloudsync::cloudsim
