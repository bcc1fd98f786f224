#include "jobs.hpp"

#include "auth/azure/client_certificate_credential.hpp"
#include "auth/azure/client_secret_credential.hpp"
#include "auth/azure/managed_identity_credential.hpp"
#include "collectors/azure/alerts_collector.hpp"
#include "collectors/azure/container_collector.hpp"
#include "collectors/azure/metrics_collector.hpp"
#include "collectors/azure/network_collector.hpp"
#include "collectors/azure/storage_collector.hpp"
#include "collectors/azure/vm_collector.hpp"

#include <optional>
#include <type_traits>
#include <variant>

namespace cloudsync::daemon {
namespace {

using inventory::collector_kind;

// One credential per account and audience, whatever the authentication method
// (client secret, client certificate, managed identity); the account's jobs
// share it and so share one token cache.
std::shared_ptr<auth::authorizer> azure_credentials(const config::azure_account& azure,
                                                    std::shared_ptr<http::client> client,
                                                    std::string scope) {
    return std::visit(
        [&](const auto& method) -> std::shared_ptr<auth::authorizer> {
            using method_type = std::decay_t<decltype(method)>;
            if constexpr (std::is_same_v<method_type, config::azure_client_secret>) {
                auth::azure::client_secret_options o;
                o.login_endpoint = azure.endpoints.login;
                o.tenant_id = azure.tenant_id;
                o.client_id = azure.client_id;
                o.client_secret = method.value;
                o.scope = std::move(scope);
                return std::make_shared<auth::azure::client_secret_credential>(client, std::move(o));
            } else if constexpr (std::is_same_v<method_type, config::azure_client_certificate>) {
                auth::azure::client_certificate_options o;
                o.login_endpoint = azure.endpoints.login;
                o.tenant_id = azure.tenant_id;
                o.client_id = azure.client_id;
                o.certificate = method.pem;
                o.scope = std::move(scope);
                return std::make_shared<auth::azure::client_certificate_credential>(client,
                                                                                    std::move(o));
            } else {
                auth::azure::managed_identity_options o;
                o.endpoint = method.endpoint;
                o.client_id = method.client_id;
                o.scope = std::move(scope);
                return std::make_shared<auth::azure::managed_identity_credential>(client,
                                                                                  std::move(o));
            }
        },
        azure.authentication);
}

// What an Azure job needs to build its collector: the account's settings, the
// shared client, and one credential per token audience (ARM; the regional
// metrics endpoints have their own).
struct azure_context {
    const config::azure_account& azure;
    std::chrono::seconds metrics_lookback;
    std::shared_ptr<http::client> client;
    std::shared_ptr<auth::authorizer> arm;
    std::shared_ptr<auth::authorizer> metrics;
};

template <typename Options> Options arm_options(const config::azure_account& azure) {
    Options options;
    options.management_endpoint = azure.endpoints.management;
    options.subscriptions = azure.subscriptions;
    return options;
}

// A factory building a fresh collector of type Collector for each run.
template <typename Collector, typename Options>
std::function<std::unique_ptr<collectors::collector>()> factory(const azure_context& az,
                                                                Options options) {
    return [client = az.client, credentials = az.arm, options] {
        return std::make_unique<Collector>(client, credentials, options);
    };
}

std::function<std::unique_ptr<collectors::collector>()> azure_collector(collector_kind kind,
                                                                       const azure_context& az) {
    namespace azc = collectors::azure;
    switch (kind) {
    case collector_kind::vms:
        return factory<azc::vm_collector>(az, arm_options<azc::vm_collector_options>(az.azure));
    case collector_kind::storage:
        return factory<azc::storage_collector>(az,
                                               arm_options<azc::storage_collector_options>(az.azure));
    case collector_kind::networks:
        return factory<azc::network_collector>(az,
                                               arm_options<azc::network_collector_options>(az.azure));
    case collector_kind::containers:
        return factory<azc::container_collector>(
            az, arm_options<azc::container_collector_options>(az.azure));
    case collector_kind::alerts:
        return factory<azc::alerts_collector>(az,
                                              arm_options<azc::alerts_collector_options>(az.azure));
    case collector_kind::metrics: {
        auto options = arm_options<azc::metrics_collector_options>(az.azure);
        options.metrics_endpoint = az.azure.endpoints.metrics;
        options.lookback = az.metrics_lookback;
        return [client = az.client, arm = az.arm, metrics = az.metrics, options] {
            return std::make_unique<azc::metrics_collector>(client, arm, metrics, options);
        };
    }
    }
    return nullptr;
}

} // namespace

job_plan plan_jobs(const config::config& cfg, std::shared_ptr<http::client> client) {
    job_plan plan;
    for (const auto& account : cfg.accounts) {
        if (!account.enabled) continue;
        const auto* azure = std::get_if<config::azure_account>(&account.settings);
        std::optional<azure_context> az;
        if (azure) {
            const auto& endpoints = azure->endpoints;
            az.emplace(azure_context{
                *azure, cfg.metrics.lookback, client,
                azure_credentials(*azure, client, auth::azure::default_scope(endpoints.management)),
                azure_credentials(*azure, client,
                                  auth::azure::default_scope(endpoints.metrics_audience))});
        }
        for (auto kind : account.collectors) {
            auto factory = az ? azure_collector(kind, *az) : nullptr;
            if (!factory) {
                plan.unavailable.push_back(account.name + "/" + std::string(to_string(kind)));
                continue;
            }
            scheduler::job_spec job;
            job.scope = {account.tenant, account.name, account.provider, kind, "schedule"};
            job.interval = cfg.schedule.interval(kind);
            job.make_collector = std::move(factory);
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
