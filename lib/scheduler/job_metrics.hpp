// The Prometheus series of each job, kept by the scheduler: runs by result,
// durations, resources seen, when its last successful run ended, its interval
// and its failures in a row. The last three carry the labels account, kind and
// provider and exist from the moment the job is scheduled, so an alert can
// compare them (dashboards/cloudsync-alerts.yml). With several instances on
// one database each exports what it ran itself (and, at start, the last
// success the database remembers): dashboards aggregate with max by (account, kind).
#pragma once

#include "inventory/run.hpp"

#include <chrono>

namespace cloudsync::scheduler {

// The job is scheduled with this interval (again after a config reload).
void export_job(const inventory::run_scope& scope, std::chrono::milliseconds interval);

// The job left the config: its gauges stop being exported.
void forget_job(const inventory::run_scope& scope);

// A run of the job succeeded at `finished` (seeded at start from sync_runs).
void export_last_success(const inventory::run_scope& scope,
                         std::chrono::system_clock::time_point finished);

// A run ended (any status): counts it and updates the job's gauges.
// failures_before: the failures in a row the job board knew of when this run
// began (another instance's included); 0 without a board.
void count_run(const inventory::run_scope& scope, const inventory::run_record& run,
               std::chrono::duration<double> elapsed, int failures_before);

} // namespace cloudsync::scheduler
