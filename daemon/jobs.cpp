#include "jobs.hpp"

#include "providers/aws.hpp"
#include "providers/azure.hpp"
#include "providers/gcp.hpp"

namespace cloudsync::daemon {
namespace {

// The account's provider module, or nullptr while its provider has none.
std::shared_ptr<collectors::provider_module>
make_module(const config::config& cfg, const config::account& account,
            const collection_resources& resources) {
    collectors::engine_context engine;
    engine.http = resources.http;
    engine.parse_executor = resources.parse_executor;
    engine.scope_concurrency = account.scope_concurrency;
    switch (account.provider) {
    case provider::azure:
        return providers::azure_module(std::get<config::azure_account>(account.settings),
                                       cfg.metrics.lookback, std::move(engine));
    case provider::gcp:
        return providers::gcp_module(account.name, std::get<config::gcp_account>(account.settings),
                                     cfg.metrics.lookback, std::move(engine));
    case provider::aws:
        return providers::aws_module(account.name, std::get<config::aws_account>(account.settings),
                                     cfg.metrics.lookback, std::move(engine));
    }
    return nullptr;
}

} // namespace

job_plan plan_jobs(const config::config& cfg, const collection_resources& resources) {
    job_plan plan;
    for (const auto& account : cfg.accounts) {
        if (!account.enabled) continue;
        auto module = make_module(cfg, account, resources);
        for (auto kind : account.collectors) {
            // Built once here so that options a collector refuses fail at start,
            // not at every run.
            if (!module || !module->make(kind)) {
                plan.unavailable.push_back(account.name + "/" + std::string(to_string(kind)));
                continue;
            }
            scheduler::job_spec job;
            job.scope = {account.tenant, account.name, account.provider, kind, "schedule"};
            job.interval = cfg.schedule.interval(kind);
            job.make_collector = [module, kind] { return module->make(kind); };
            plan.jobs.push_back(std::move(job));
        }
    }
    return plan;
}

std::vector<store::tenant_spec> tenant_specs(const config::config& cfg) {
    std::vector<store::tenant_spec> out;
    for (const auto& tenant : cfg.tenants) out.push_back({tenant.name, tenant.readers});
    return out;
}

std::vector<store::account_spec> account_specs(const config::config& cfg) {
    std::vector<store::account_spec> out;
    for (const auto& account : cfg.accounts)
        out.push_back({account.name, account.tenant, account.provider});
    return out;
}

} // namespace cloudsync::daemon
