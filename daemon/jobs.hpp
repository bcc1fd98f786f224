// Turns a config into what the scheduler and the store are given: one provider
// module per enabled account (picked by its provider), one job per collector
// kind the account collects and its module has a collector for, plus the
// tenant and account lists the store applies. Credentials are built with the
// module, once per account, and shared by that account's jobs so they share
// one token cache. Nothing here is specific to one cloud: providers/ is.
#pragma once

#include "collectors/provider_module.hpp"
#include "config/config.hpp"
#include "scheduler/scheduler.hpp"
#include "store/database.hpp"

#include <boost/asio/any_io_executor.hpp>

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

// What every account's collectors share: the HTTP client (its executor runs the
// collectors) and the pool pages are parsed on. Both outlive the jobs.
struct collection_resources {
    std::shared_ptr<http::client> http;
    boost::asio::any_io_executor parse_executor;
};

// Throws cloudsync::error when an account's credentials or collectors cannot
// be built.
job_plan plan_jobs(const config::config& cfg, const collection_resources& resources);

std::vector<store::tenant_spec> tenant_specs(const config::config& cfg);
std::vector<store::account_spec> account_specs(const config::config& cfg);

} // namespace cloudsync::daemon
