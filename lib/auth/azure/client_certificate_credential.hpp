// Azure (Microsoft Entra ID) service-principal credential with a client
// certificate: the OAuth 2.0 client-credentials grant against
// `{login}/{tenant}/oauth2/v2.0/token` authenticated by a client assertion (a
// JWT signed RS256 with the certificate's key, client_assertion.hpp) instead of
// a secret; a fresh assertion for every token request. The token is cached and
// shared as bearer_authorizer describes. One credential per (tenant, client,
// scope), like client_secret_credential.
#pragma once

#include "auth/azure/certificate_key.hpp"
#include "auth/bearer_authorizer.hpp"
#include "core/clock.hpp"
#include "core/secret.hpp"
#include "http/client.hpp"

#include <memory>
#include <string>

namespace cloudsync::auth::azure {

struct client_certificate_options {
    std::string login_endpoint = "https://login.microsoftonline.com"; // no trailing path
    std::string tenant_id;                                            // GUID or domain name
    std::string client_id;
    // PEM text holding the certificate registered on the app and its unencrypted
    // RSA private key (config: accounts[].azure.client_certificate).
    secret certificate;
    std::string scope = "https://management.azure.com/.default"; // see default_scope()
    // nbf/iat/exp of the assertion come from clock->system(); null: real_clock.
    std::shared_ptr<const cloudsync::clock> clock;
};

// Construct with std::make_shared (see bearer_authorizer). The constructor throws
// auth_error when an option is empty, tenant_id is not a GUID or domain name, or
// the PEM text is not a certificate with its RSA key (certificate_key).
// Thread safety: one executor, the same as the http::client's.
class client_certificate_credential final : public bearer_authorizer {
public:
    client_certificate_credential(std::shared_ptr<http::client> client,
                                  client_certificate_options options);

    const std::string& token_url() const noexcept { return token_url_; }
    // The certificate's x5t#S256 thumbprint (diagnostics: which certificate is in use).
    const std::string& thumbprint() const noexcept { return key_.x5t_s256(); }

protected:
    boost::asio::awaitable<bearer_token> fetch() override;
    std::string describe() const override { return token_url_; }

private:
    std::shared_ptr<http::client> client_;
    std::string client_id_;
    std::string scope_;
    std::shared_ptr<const cloudsync::clock> clock_;
    certificate_key key_;
    std::string token_url_;
};

} // namespace cloudsync::auth::azure
