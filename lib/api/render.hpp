// JSON bodies of the API: a run, /status, a trigger's outcome and errors. The
// field names are a contract (operators' scripts and dashboards read them).
// Times are RFC 3339 UTC with milliseconds, e.g. "2024-05-01T12:00:00.250Z".
#pragma once

#include "api/backend.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::api {

std::string format_time(std::chrono::system_clock::time_point time);

// {"id","tenant","account","provider","collector","trigger","status",
//  "started_at","finished_at"|null,"counts":{seen,added,modified,removed},
//  "error"|null}
boost::json::value run_json(const inventory::run_record& run);

// {"version","uptime_seconds","jobs":[{"tenant","account","provider","collector",
//  "running","instance"|null,"consecutive_failures","next_due"|null,"last_run"|null}],
//  "instances":[...as instances_body...],"config_differs":["id",...]}
std::string status_body(std::string_view version, std::int64_t uptime_seconds,
                        const std::vector<job_status>& jobs,
                        const std::vector<instance_status>& instances = {});

// {"instances":[{"id","host","pid","version","config_digest","started_at",
//  "heartbeat_at","live","self","config_differs"}]}
boost::json::value instances_json(const std::vector<instance_status>& instances);
std::string instances_body(const std::vector<instance_status>& instances);

// {"runs":[{"account","collector","id"|null,"queued"}]}, plus "error" when set.
std::string trigger_body(const std::vector<triggered_job>& jobs, std::string_view error = {});

// {"error":"..."}
std::string error_body(std::string_view message);

} // namespace cloudsync::api
