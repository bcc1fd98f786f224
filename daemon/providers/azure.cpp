#include "providers/azure.hpp"

#include "auth/azure/client_certificate_credential.hpp"
#include "auth/azure/client_secret_credential.hpp"
#include "auth/azure/managed_identity_credential.hpp"
#include "collectors/azure/module.hpp"

#include <type_traits>
#include <variant>

namespace cloudsync::daemon::providers {
namespace {

// One credential per account and audience, whatever the authentication method
// (client secret, client certificate, managed identity); the account's jobs
// share it and so share one token cache.
std::shared_ptr<auth::authorizer> credentials(const config::azure_account& azure,
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

} // namespace

std::unique_ptr<collectors::provider_module> azure_module(const config::azure_account& azure,
                                                          std::chrono::seconds metrics_lookback,
                                                          collectors::engine_context engine) {
    const auto& endpoints = azure.endpoints;
    collectors::azure::azure_module_options options;
    options.management_endpoint = endpoints.management;
    options.metrics_endpoint = endpoints.metrics;
    options.subscriptions = azure.subscriptions;
    options.metrics_lookback = metrics_lookback;
    options.arm_credentials =
        credentials(azure, engine.http, auth::azure::default_scope(endpoints.management));
    options.metrics_credentials =
        credentials(azure, engine.http, auth::azure::default_scope(endpoints.metrics_audience));
    return std::make_unique<collectors::azure::azure_module>(std::move(engine), std::move(options));
}

} // namespace cloudsync::daemon::providers
