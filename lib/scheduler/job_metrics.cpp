#include "scheduler/job_metrics.hpp"

#include "core/metrics.hpp"

#include <algorithm>
#include <string>

namespace cloudsync::scheduler {
namespace {

namespace inv = inventory;

constexpr const char* last_success_name = "cloudsync_last_success_timestamp_seconds";
constexpr const char* last_success_help =
    "When the job's last successful run ended, in seconds since the Unix epoch";
constexpr const char* interval_name = "cloudsync_job_interval_seconds";
constexpr const char* interval_help = "The job's schedule interval in seconds";
constexpr const char* failures_name = "cloudsync_job_consecutive_failures";
constexpr const char* failures_help =
    "Failed runs of the job in a row (0 after a run that committed)";

metrics::labels job_labels(const inv::run_scope& scope) {
    return {{"account", scope.account},
            {"kind", std::string(inv::to_string(scope.kind))},
            {"provider", std::string(inv::to_string(scope.cloud))}};
}

metrics::gauge& failures(const metrics::labels& labels) {
    return metrics::default_registry().get_gauge(failures_name, failures_help, labels);
}

} // namespace

void export_job(const inv::run_scope& scope, std::chrono::milliseconds interval) {
    const auto labels = job_labels(scope);
    metrics::default_registry()
        .get_gauge(interval_name, interval_help, labels)
        .set(std::chrono::duration<double>(interval).count());
    failures(labels); // 0 until a run fails
}

void forget_job(const inv::run_scope& scope) {
    const auto labels = job_labels(scope);
    auto& registry = metrics::default_registry();
    for (const char* name : {last_success_name, interval_name, failures_name})
        registry.remove_gauge(name, labels);
}

void export_last_success(const inv::run_scope& scope,
                         std::chrono::system_clock::time_point finished) {
    auto& gauge = metrics::default_registry().get_gauge(last_success_name, last_success_help,
                                                        job_labels(scope));
    const double seconds = std::chrono::duration<double>(finished.time_since_epoch()).count();
    if (seconds > gauge.value()) // a seed read at start never moves it back
        gauge.set(seconds);
}

void count_run(const inv::run_scope& scope, const inv::run_record& run,
               std::chrono::duration<double> elapsed, int failures_before) {
    auto& registry = metrics::default_registry();
    const std::string kind(inv::to_string(scope.kind));
    registry
        .get_counter("cloudsync_runs_total", "Sync runs by account, collector kind and result",
                     {{"account", scope.account},
                      {"kind", kind},
                      {"result", std::string(inv::to_string(run.status))}})
        .add();
    registry
        .get_histogram("cloudsync_run_duration_seconds", "Duration of sync runs in seconds",
                       {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600}, {{"kind", kind}})
        .observe(elapsed.count());

    const auto labels = job_labels(scope);
    switch (run.status) {
    case inv::run_status::succeeded:
    case inv::run_status::partial:
        registry
            .get_counter("cloudsync_rows_seen_total",
                         "Resources seen by runs that committed, by account and kind",
                         {{"account", scope.account}, {"kind", kind}})
            .add(static_cast<double>(run.counts.seen));
        failures(labels).set(0);
        // A partial run left some scopes as they were: not a success for how
        // old the data is (cloudsync_runs_total{result="partial"} tells).
        if (run.status == inv::run_status::succeeded)
            export_last_success(scope, run.finished_at.value_or(std::chrono::system_clock::now()));
        break;
    case inv::run_status::failed: {
        auto& gauge = failures(labels);
        gauge.set(std::max(gauge.value(), static_cast<double>(failures_before)) + 1);
        break;
    }
    case inv::run_status::cancelled: // says nothing about the job's health
    case inv::run_status::running:
        break;
    }
}

} // namespace cloudsync::scheduler
