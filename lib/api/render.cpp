#include "api/render.hpp"

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace cloudsync::api {
namespace json = boost::json;

std::string format_time(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    const auto ms = floor<milliseconds>(time);
    const auto secs = floor<seconds>(ms);
    const std::time_t t = system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>((ms - secs).count()));
    return buf;
}

json::value run_json(const inventory::run_record& run) {
    json::object counts;
    counts["seen"] = run.counts.seen;
    counts["added"] = run.counts.added;
    counts["modified"] = run.counts.modified;
    counts["removed"] = run.counts.removed;

    json::object out;
    out["id"] = run.id;
    out["tenant"] = run.scope.tenant;
    out["account"] = run.scope.account;
    out["provider"] = inventory::to_string(run.scope.cloud);
    out["collector"] = inventory::to_string(run.scope.kind);
    out["trigger"] = run.scope.trigger;
    out["status"] = inventory::to_string(run.status);
    out["started_at"] = format_time(run.started_at);
    out["finished_at"] =
        run.finished_at ? json::value(format_time(*run.finished_at)) : json::value(nullptr);
    out["counts"] = std::move(counts);
    out["error"] = run.error.empty() ? json::value(nullptr) : json::value(run.error);
    json::array failed;
    for (const auto& [scope, error] : run.failed_scopes)
        failed.push_back(json::object{{"scope", scope}, {"error", error}});
    out["failed_scopes"] = std::move(failed);
    json::array empty;
    for (const auto& [scope, reason] : run.empty_scopes)
        empty.push_back(json::object{{"scope", scope}, {"reason", reason}});
    out["empty_scopes"] = std::move(empty);
    return out;
}

namespace {

json::value job_json(const job_status& job) {
    json::object out;
    out["tenant"] = job.tenant;
    out["account"] = job.account;
    out["provider"] = inventory::to_string(job.cloud);
    out["collector"] = inventory::to_string(job.kind);
    out["running"] = job.running;
    out["instance"] = job.instance ? json::value(*job.instance) : json::value(nullptr);
    out["consecutive_failures"] = job.consecutive_failures;
    out["next_due"] = job.next_due ? json::value(format_time(*job.next_due)) : json::value(nullptr);
    out["last_run"] = job.last_run ? run_json(*job.last_run) : json::value(nullptr);
    return out;
}

} // namespace

std::string status_body(std::string_view version, std::int64_t uptime_seconds,
                        const std::vector<job_status>& jobs,
                        const std::vector<instance_status>& instances) {
    json::array list;
    list.reserve(jobs.size());
    for (const auto& job : jobs)
        list.push_back(job_json(job));
    json::array differing;
    for (const auto& instance : instances)
        if (instance.config_differs)
            differing.emplace_back(instance.id);
    json::object out;
    out["version"] = version;
    out["uptime_seconds"] = uptime_seconds;
    out["jobs"] = std::move(list);
    out["instances"] = instances_json(instances);
    out["config_differs"] = std::move(differing);
    return json::serialize(out);
}

json::value instances_json(const std::vector<instance_status>& instances) {
    json::array list;
    for (const auto& instance : instances) {
        json::object item;
        item["id"] = instance.id;
        item["host"] = instance.host;
        item["pid"] = instance.pid;
        item["version"] = instance.version;
        item["config_digest"] = instance.config_digest;
        item["started_at"] = format_time(instance.started_at);
        item["heartbeat_at"] = format_time(instance.heartbeat_at);
        item["live"] = instance.live;
        item["self"] = instance.self;
        item["config_differs"] = instance.config_differs;
        list.push_back(std::move(item));
    }
    return list;
}

std::string instances_body(const std::vector<instance_status>& instances) {
    json::object out;
    out["instances"] = instances_json(instances);
    return json::serialize(out);
}

std::string trigger_body(const std::vector<triggered_job>& jobs, std::string_view error) {
    json::array runs;
    runs.reserve(jobs.size());
    for (const auto& job : jobs) {
        json::object item;
        item["account"] = job.account;
        item["collector"] = inventory::to_string(job.kind);
        item["id"] = job.run ? json::value(*job.run) : json::value(nullptr);
        item["queued"] = !job.run.has_value();
        runs.push_back(std::move(item));
    }
    json::object out;
    if (!error.empty())
        out["error"] = error;
    out["runs"] = std::move(runs);
    return json::serialize(out);
}

namespace {

// JSON text is UTF-8 (RFC 8259 section 8.1), but a message may quote what a
// client sent, percent-decoded into any bytes (found by fuzz_api_request:
// "/sync?account=%ff" answered a body no JSON parser takes). Every byte that
// does not begin a well-formed UTF-8 sequence becomes U+FFFD.
std::string valid_utf8(std::string_view text) {
    static constexpr std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000}; // no overlong forms
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t n = lead < 0x80           ? 1
                              : (lead >> 5) == 0x6  ? 2
                              : (lead >> 4) == 0xE  ? 3
                              : (lead >> 3) == 0x1E ? 4
                                                    : 0;
        bool ok = n > 0 && i + n <= text.size();
        std::uint32_t code = lead & (0x7F >> n);
        for (std::size_t k = 1; ok && k < n; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            ok = (next & 0xC0) == 0x80;
            code = (code << 6) | (next & 0x3F);
        }
        ok = ok && code >= least[n] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
        if (ok) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

} // namespace

std::string error_body(std::string_view message) {
    json::object out;
    out["error"] = valid_utf8(message);
    return json::serialize(out);
}

} // namespace cloudsync::api
