#include "api/render.hpp"

#include "core/text.hpp"

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
    // The store keeps these texts valid UTF-8; a run's in-memory outcome may
    // still quote a cloud's bytes.
    out["error"] = run.error.empty() ? json::value(nullptr) : json::value(valid_utf8(run.error));
    json::array failed;
    for (const auto& [scope, error] : run.failed_scopes)
        failed.push_back(json::object{{"scope", scope}, {"error", valid_utf8(error)}});
    out["failed_scopes"] = std::move(failed);
    json::array empty;
    for (const auto& [scope, reason] : run.empty_scopes)
        empty.push_back(json::object{{"scope", scope}, {"reason", valid_utf8(reason)}});
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

std::string error_body(std::string_view message) {
    json::object out;
    out["error"] = valid_utf8(message);
    return json::serialize(out);
}

} // namespace cloudsync::api
