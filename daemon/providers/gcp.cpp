#include "providers/gcp.hpp"

#include "auth/gcp/authorized_user_credential.hpp"
#include "auth/gcp/key_file.hpp"
#include "auth/gcp/metadata_server_credential.hpp"
#include "auth/gcp/service_account_credential.hpp"
#include "collectors/gcp/module.hpp"

#include <type_traits>
#include <variant>

namespace cloudsync::daemon::providers {
namespace {

// One credential per account: its jobs share it and so share one token cache.
std::shared_ptr<auth::authorizer> credentials(const std::string& account,
                                              const config::gcp_account& gcp,
                                              std::shared_ptr<http::client> client) {
    if (gcp.metadata_server) {
        auth::gcp::metadata_server_options o;
        if (!gcp.metadata_server->endpoint.empty())
            o.endpoint = gcp.metadata_server->endpoint;
        return std::make_shared<auth::gcp::metadata_server_credential>(std::move(client),
                                                                      std::move(o));
    }
    auto file = auth::gcp::parse_credentials_file(gcp.key, "gcp account " + account + " key");
    return std::visit(
        [&](auto& key) -> std::shared_ptr<auth::authorizer> {
            using key_type = std::decay_t<decltype(key)>;
            if constexpr (std::is_same_v<key_type, auth::gcp::service_account_key>) {
                auth::gcp::service_account_options o;
                o.key = std::move(key);
                o.token_endpoint = gcp.endpoints.token;
                return std::make_shared<auth::gcp::service_account_credential>(client,
                                                                               std::move(o));
            } else {
                auth::gcp::authorized_user_options o;
                o.key = std::move(key);
                o.token_endpoint = gcp.endpoints.token;
                return std::make_shared<auth::gcp::authorized_user_credential>(client,
                                                                               std::move(o));
            }
        },
        file);
}

} // namespace

std::unique_ptr<collectors::provider_module> gcp_module(const std::string& account,
                                                        const config::gcp_account& gcp,
                                                        std::chrono::seconds metrics_lookback,
                                                        collectors::engine_context engine) {
    collectors::gcp::gcp_module_options options;
    options.compute_endpoint = gcp.endpoints.compute;
    options.storage_endpoint = gcp.endpoints.storage;
    options.monitoring_endpoint = gcp.endpoints.monitoring;
    options.run_endpoint = gcp.endpoints.run;
    options.resource_manager_endpoint = gcp.endpoints.cloudresourcemanager;
    options.metrics_lookback = metrics_lookback;
    options.projects = gcp.projects;
    options.credentials = credentials(account, gcp, engine.http);
    return std::make_unique<collectors::gcp::gcp_module>(std::move(engine), std::move(options));
}

} // namespace cloudsync::daemon::providers
