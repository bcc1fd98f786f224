// Turns a config into what the scheduler and the store are given: one job per
// (enabled account, collector kind it collects and that its provider has a
// collector for), each with a factory for its collector, plus the tenant and
// account lists the store applies. Credentials are built here, one per account,
// and shared by that account's jobs so they share one token cache.
#pragma once

#include "config/config.hpp"
#include "http/client.hpp"
#include "scheduler/scheduler.hpp"
#include "store/database.hpp"

#include <memory>
#include <string>
#include <vector>

namespace cloudsync::daemon {

struct job_plan {
    std::vector<scheduler::job_spec> jobs;
    // "account/kind" pairs the config asks for but no collector exists for yet;
    // the daemon logs them once so nobody wonders why a table stays empty.
    std::vector<std::string> unavailable;
};

// Throws cloudsync::error when an account's credentials cannot be built.
job_plan plan_jobs(const config::config& cfg, std::shared_ptr<http::client> client);

std::vector<store::tenant_spec> tenant_specs(const config::config& cfg);
std::vector<store::account_spec> account_specs(const config::config& cfg);

} // namespace cloudsync::daemon
