// Azure (Microsoft Entra ID) service-principal credential with a client secret:
// the OAuth 2.0 client-credentials grant against `{login}/{tenant}/oauth2/v2.0/token`,
// the token cached and shared as bearer_authorizer describes. One credential per
// (tenant, client, scope): ARM and the metrics data plane need separate ones.
#pragma once

#include "auth/bearer_authorizer.hpp"
#include "core/clock.hpp"
#include "core/secret.hpp"
#include "http/client.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace cloudsync::auth::azure {

struct client_secret_options {
    std::string login_endpoint = "https://login.microsoftonline.com"; // no trailing path
    std::string tenant_id;                                            // GUID or domain name
    std::string client_id;
    secret client_secret;
    // Resource + "/.default". ARM: "https://management.azure.com/.default"; for a
    // sovereign cloud or cloudsim use "{management endpoint}/.default".
    std::string scope = "https://management.azure.com/.default";
    std::shared_ptr<const cloudsync::clock> clock; // null: real_clock
};

// The ".default" scope of a resource endpoint: "https://management.azure.com/" ->
// "https://management.azure.com/.default" (trailing slashes dropped first).
std::string default_scope(std::string_view resource);

// Construct with std::make_shared (see bearer_authorizer). The constructor throws
// auth_error when an option is empty or tenant_id is not a GUID or domain name.
// Thread safety: one executor, the same as the http::client's.
class client_secret_credential final : public bearer_authorizer {
public:
    client_secret_credential(std::shared_ptr<http::client> client, client_secret_options options);

    const std::string& token_url() const noexcept { return token_url_; }

protected:
    boost::asio::awaitable<bearer_token> fetch() override;
    std::string describe() const override { return token_url_; }

private:
    std::shared_ptr<http::client> client_;
    client_secret_options options_;
    std::string token_url_;
};

} // namespace cloudsync::auth::azure
