#include "cloudsim/metrics_batch.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"
#include "cloudsim/detail/sim_time.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <variant>
#include <vector>

namespace cloudsync::cloudsim {

namespace {

namespace http = boost::beast::http;
using boost::algorithm::iequals;
using detail::append_member;
using detail::append_string;
using detail::parse_time;

struct metric_def {
    std::string_view name, unit, description;
};

constexpr std::array<metric_def, 6> vm_metrics = {{
    {"Percentage CPU", "Percent",
     "The percentage of allocated compute units that are currently in use by the Virtual Machine(s)"},
    {"Network In Total", "Bytes",
     "The number of bytes received on all network interfaces by the Virtual Machine(s) (Incoming Traffic)"},
    {"Network Out Total", "Bytes",
     "The number of bytes out on all network interfaces by the Virtual Machine(s) (Outgoing Traffic)"},
    {"Disk Read Bytes", "Bytes", "Bytes read from disk during monitoring period"},
    {"Disk Write Bytes", "Bytes", "Bytes written to disk during monitoring period"},
    {"Available Memory Bytes", "Bytes",
     "Amount of physical memory, in bytes, immediately available for allocation to a process or for other uses in the Virtual Machine"},
}};

constexpr std::string_view vm_namespace = "Microsoft.Compute/virtualMachines";
constexpr std::int64_t max_points = 10080; // per series: a week of minutes

std::uint64_t text_hash(std::string_view text) { // FNV-1a over the lower-cased text
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::optional<std::string> query_param(boost::urls::url_view url, std::string_view key) {
    const auto params = url.params();
    const auto it = params.find(key, boost::urls::ignore_case);
    if (it == params.end()) return std::nullopt;
    return (*it).value;
}

std::vector<std::string> split_csv(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view part = text.substr(0, comma);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (!part.empty()) out.emplace_back(part);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

std::string format_minute(std::int64_t minute) { return detail::format_time(minute * 60); }

// ISO 8601 grains the service offers -> minutes.
std::optional<std::int64_t> interval_minutes(std::string_view text) {
    constexpr std::array<std::pair<std::string_view, std::int64_t>, 9> grains = {{
        {"PT1M", 1}, {"PT5M", 5}, {"PT15M", 15}, {"PT30M", 30}, {"PT1H", 60},
        {"PT6H", 360}, {"PT12H", 720}, {"P1D", 1440}, {"PT24H", 1440},
    }};
    for (const auto& [name, minutes] : grains) {
        if (iequals(name, text)) return minutes;
    }
    return std::nullopt;
}

void append_double(std::string& out, double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

struct request_spec {
    std::string region, subscription, api_version, starttime, endtime, interval, namespace_;
    std::int64_t start_minute = 0, end_minute = 0, grain = 1;
    std::vector<std::string> metrics, aggregations;
    std::vector<std::string> resource_ids;
};

struct resolved_resource {
    std::string id;
    std::string region;
    bool running = true;
};

reply bad_request(std::string_view code, std::string_view message) { return arm_error(400, code, message); }

} // namespace

namespace {

// Reads query and body; the 400 for anything the service would refuse.
std::variant<request_spec, reply> parse_request(const http_request& request, boost::urls::url_view url) {
    request_spec spec;
    std::vector<std::string> segments;
    for (auto segment : url.segments()) segments.emplace_back(segment);
    spec.region = segments[0];
    spec.subscription = segments[2];
    const auto version = query_param(url, "api-version");
    if (!version || version->empty()) {
        return bad_request("MissingApiVersionParameter",
                           "The api-version query parameter (?api-version=) is required for all requests.");
    }
    spec.api_version = *version;
    const auto start = query_param(url, "starttime");
    const auto end = query_param(url, "endtime");
    const auto start_s = start ? parse_time(*start) : std::nullopt;
    const auto end_s = end ? parse_time(*end) : std::nullopt;
    if (!start_s || !end_s || *end_s <= *start_s) {
        return bad_request("BadRequest", "starttime and endtime must be ISO 8601 UTC times with starttime < endtime.");
    }
    spec.starttime = *start;
    spec.endtime = *end;
    spec.interval = query_param(url, "interval").value_or("PT1M");
    const auto grain = interval_minutes(spec.interval);
    if (!grain) return bad_request("BadRequest", "Invalid interval '" + spec.interval + "'.");
    spec.grain = *grain;
    spec.start_minute = *start_s / 60 / spec.grain * spec.grain;
    spec.end_minute = (*end_s + 59) / 60;
    if ((spec.end_minute - spec.start_minute) / spec.grain > max_points) {
        return bad_request("BadRequest", "The requested time range exceeds the maximum number of data points.");
    }
    spec.namespace_ = query_param(url, "metricnamespace").value_or("");
    if (spec.namespace_.empty()) return bad_request("BadRequest", "The metricnamespace query parameter is required.");
    spec.metrics = split_csv(query_param(url, "metricnames").value_or(""));
    if (spec.metrics.empty()) return bad_request("BadRequest", "The metricnames query parameter is required.");
    spec.aggregations = split_csv(query_param(url, "aggregation").value_or("average"));
    for (auto& a : spec.aggregations) {
        for (auto& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (a != "average" && a != "minimum" && a != "maximum" && a != "total" && a != "count") {
            return bad_request("BadRequest", "Invalid aggregation '" + a + "'.");
        }
    }
    boost::system::error_code ec;
    const auto body = boost::json::parse(request.body(), ec);
    const auto* ids = !ec && body.is_object() ? body.as_object().if_contains("resourceids") : nullptr;
    if (ids == nullptr || !ids->is_array() || ids->as_array().empty()) {
        return bad_request("BadRequest", "The request body must be {\"resourceids\":[...]} with at least one resource id.");
    }
    for (const auto& id : ids->as_array()) {
        if (!id.is_string()) return bad_request("BadRequest", "resourceids must be strings.");
        spec.resource_ids.emplace_back(id.as_string());
    }
    if (spec.resource_ids.size() > metrics_batch_max_resources) {
        return bad_request("BadRequest", "The number of resource ids (" + std::to_string(spec.resource_ids.size()) +
                                             ") exceeds the maximum of 50 per request.");
    }
    return spec;
}

std::vector<std::string> split_path(std::string_view id) {
    std::vector<std::string> out;
    while (!id.empty()) {
        const auto slash = id.find('/');
        if (slash != 0) out.emplace_back(id.substr(0, slash));
        if (slash == std::string_view::npos) break;
        id.remove_prefix(slash + 1);
    }
    return out;
}

// Checks one resource id against the request; its region and power, or the 400.
std::variant<resolved_resource, reply> resolve(const inventory& inv, const request_spec& spec, const std::string& id) {
    const auto parts = split_path(id); // subscriptions, sub, resourceGroups, rg, providers, ns, type, name
    if (parts.size() != 8 || !iequals(parts[0], "subscriptions") || !iequals(parts[2], "resourceGroups") ||
        !iequals(parts[4], "providers")) {
        return bad_request("BadRequest", "'" + id + "' is not a valid resource id.");
    }
    if (!iequals(parts[1], spec.subscription)) {
        return bad_request("BadRequest", "Resource '" + id + "' is not in subscription '" + spec.subscription +
                                             "' of the request: all resources of a batch must be in the request's subscription.");
    }
    if (!iequals(parts[5] + "/" + parts[6], spec.namespace_)) {
        return bad_request("BadRequest", "Resource '" + id + "' is not of type '" + spec.namespace_ +
                                             "': all resources of a batch must match the metricnamespace.");
    }
    resolved_resource r{id, spec.region, true};
    const auto s = inv.find_subscription(parts[1]);
    const auto& name = parts[7];
    if (s && iequals(spec.namespace_, vm_namespace) && name.size() > 8 && name.rfind("vm-", 0) == 0) {
        std::uint64_t index = 0;
        const auto* first = name.data() + 8;
        const auto [ptr, err] = std::from_chars(first, name.data() + name.size(), index);
        const auto vm = err == std::errc{} ? inv.vm(*s, index) : std::nullopt;
        if (vm && vm_name(*vm) == name) {
            r.region = std::string(vm->region);
            r.running = vm->power == power_state::running;
        }
    }
    // A resource the inventory no longer has keeps its metric history (reported in the URL's region).
    if (!iequals(r.region, spec.region)) {
        return bad_request("BadRequest", "Resource '" + id + "' is in region '" + r.region + "' but the request was "
                                             "sent to region '" + spec.region + "': the region must match the "
                                             "region of the requested resources.");
    }
    return r;
}

void append_point(std::string& out, const request_spec& spec, const std::string& id, const metric_def& metric,
                  std::int64_t bucket, bool running) {
    double sum = 0, lo = 0, hi = 0;
    std::int64_t count = 0;
    for (std::int64_t m = bucket; m < bucket + spec.grain; ++m) {
        const auto v = vm_metric_value(id, metric.name, m, running);
        if (!v) continue;
        lo = count == 0 ? *v : std::min(lo, *v);
        hi = count == 0 ? *v : std::max(hi, *v);
        sum += *v;
        ++count;
    }
    out += '{';
    append_member(out, "timeStamp", format_minute(bucket), count != 0);
    if (count == 0) {
        out += '}';
        return;
    }
    bool first = true;
    for (const auto& a : spec.aggregations) {
        if (!first) out += ',';
        first = false;
        detail::append_key(out, a);
        if (a == "average") append_double(out, sum / static_cast<double>(count));
        if (a == "minimum") append_double(out, lo);
        if (a == "maximum") append_double(out, hi);
        if (a == "total") append_double(out, sum);
        if (a == "count") append_double(out, static_cast<double>(count));
    }
    out += '}';
}

void append_metric(std::string& out, const request_spec& spec, const resolved_resource& r, std::string_view asked) {
    const metric_def* def = nullptr;
    for (const auto& m : vm_metrics) {
        if (iequals(m.name, asked) && iequals(spec.namespace_, vm_namespace)) def = &m;
    }
    out += '{';
    append_member(out, "id", r.id + "/providers/Microsoft.Insights/metrics/" + std::string(def ? def->name : asked));
    append_member(out, "type", "Microsoft.Insights/metrics");
    out += "\"name\":{";
    append_member(out, "value", def ? def->name : asked);
    append_member(out, "localizedValue", def ? def->name : asked, false);
    out += "},";
    if (def == nullptr) {
        append_member(out, "unit", "Unspecified");
        out += "\"timeseries\":[],";
        append_member(out, "errorMessage", "Metric '" + std::string(asked) + "' was not found in namespace '" +
                                               spec.namespace_ + "'. Check the metric name and namespace.");
        append_member(out, "errorCode", "MetricNotFound", false);
        out += '}';
        return;
    }
    append_member(out, "displayDescription", def->description);
    append_member(out, "unit", def->unit);
    out += "\"timeseries\":[{\"metadatavalues\":[],\"data\":[";
    for (std::int64_t bucket = spec.start_minute; bucket < spec.end_minute; bucket += spec.grain) {
        if (bucket != spec.start_minute) out += ',';
        append_point(out, spec, r.id, *def, bucket, r.running);
    }
    out += "]}],";
    append_member(out, "errorCode", "Success", false);
    out += '}';
}

void append_values(std::string& out, const request_spec& spec, const resolved_resource& r) {
    out += '{';
    append_member(out, "starttime", spec.starttime);
    append_member(out, "endtime", spec.endtime);
    append_member(out, "interval", spec.interval);
    out += "\"value\":[";
    for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
        if (i != 0) out += ',';
        append_metric(out, spec, r, spec.metrics[i]);
    }
    out += "],";
    std::string lower_namespace = spec.namespace_;
    for (auto& c : lower_namespace) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    append_member(out, "namespace", lower_namespace);
    append_member(out, "resourceregion", r.region);
    append_member(out, "resourceid", r.id, false);
    out += '}';
}

} // namespace

bool is_metrics_batch_path(boost::urls::url_view url) {
    const auto segments = url.segments();
    if (segments.size() != 4) return false;
    auto it = segments.begin();
    ++it;
    if (!iequals(*it, "subscriptions")) return false;
    ++it;
    ++it;
    return iequals(*it, "metrics:getBatch");
}

std::optional<double> vm_metric_value(std::string_view resource_id, std::string_view metric,
                                      std::int64_t minute, bool running) {
    const std::uint64_t base = detail::hash(text_hash(resource_id), text_hash(metric));
    const std::uint64_t h = detail::hash(base, static_cast<std::uint64_t>(minute), 0x3e7);
    if (h % 20 == 0) return std::nullopt; // the service has gaps too
    const bool is_cpu = iequals(metric, "Percentage CPU");
    if (!running) return is_cpu ? std::optional<double>(0.0) : std::nullopt;
    if (is_cpu) {
        const double level = 5.0 + static_cast<double>(base % 6000) / 100.0;
        const double noise = static_cast<double>((h >> 8) % 2000) / 100.0 - 10.0;
        return std::round(std::clamp(level + noise, 0.0, 100.0) * 100.0) / 100.0;
    }
    const double level = 1e5 + static_cast<double>(base % 10'000'000);
    return std::floor(level * (0.5 + static_cast<double>((h >> 8) % 1000) / 1000.0));
}

reply handle_metrics_batch(const inventory& inv, const http_request& request, boost::urls::url_view url) {
    if (request.method() != http::verb::post) {
        return arm_error(405, "MethodNotAllowed", "The HTTP method '" + std::string(request.method_string()) +
                                                      "' is not supported: metrics:getBatch takes POST.");
    }
    auto parsed = parse_request(request, url);
    if (auto* error = std::get_if<reply>(&parsed)) return std::move(*error);
    const auto& spec = std::get<request_spec>(parsed);
    std::vector<resolved_resource> resources;
    for (const auto& id : spec.resource_ids) {
        auto r = resolve(inv, spec, id);
        if (auto* error = std::get_if<reply>(&r)) return std::move(*error);
        resources.push_back(std::get<resolved_resource>(std::move(r)));
    }
    std::string out = "{\"values\":[";
    for (std::size_t i = 0; i < resources.size(); ++i) {
        if (i != 0) out += ',';
        append_values(out, spec, resources[i]);
    }
    out += "]}";
    return json_reply(200, std::move(out));
}

} // namespace cloudsync::cloudsim
