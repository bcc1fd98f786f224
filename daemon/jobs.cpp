#include "jobs.hpp"

#include "auth/azure/client_certificate_credential.hpp"
#include "auth/azure/client_secret_credential.hpp"
#include "auth/azure/managed_identity_credential.hpp"
#include "collectors/azure/vm_collector.hpp"

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

// The collector factory of one Azure job, or nullptr when that kind has none yet.
std::function<std::unique_ptr<collectors::collector>()>
azure_collector(collector_kind kind, const config::azure_account& azure,
                std::shared_ptr<http::client> client,
                std::shared_ptr<auth::authorizer> credentials) {
    if (kind == collector_kind::vms) {
        collectors::azure::vm_collector_options options;
        options.management_endpoint = azure.endpoints.management;
        options.subscriptions = azure.subscriptions;
        return [client, credentials, options] {
            return std::make_unique<collectors::azure::vm_collector>(client, credentials, options);
        };
    }
    return nullptr;
}

} // namespace

job_plan plan_jobs(const config::config& cfg, std::shared_ptr<http::client> client) {
    job_plan plan;
    for (const auto& account : cfg.accounts) {
        if (!account.enabled) continue;
        const auto* azure = std::get_if<config::azure_account>(&account.settings);
        const auto credentials =
            azure ? azure_credentials(*azure, client,
                                      auth::azure::default_scope(azure->endpoints.management))
                  : nullptr;
        for (auto kind : account.collectors) {
            auto factory = azure ? azure_collector(kind, *azure, client, credentials) : nullptr;
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
