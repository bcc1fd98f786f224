// GCP service-account credential: a JWT signed RS256 with the key file's
// private key (header kid = private_key_id; claims iss = client_email, aud =
// the token endpoint, scope, iat, exp = iat + 1 h) exchanged at Google's OAuth
// 2.0 token endpoint with the jwt-bearer grant (AIP-4112, RFC 7523); a fresh
// assertion for every token request. The token is cached and shared as
// bearer_authorizer describes: one token per account, refreshed before expiry,
// once for all waiters.
//
// Transient failures: the token request goes through http::client, which
// retries connection errors, 429 and 5xx (500/503/504 among them) with backoff
// and Retry-After, as for Azure's credentials; there is no second retry loop
// here. A 4xx (invalid_grant ...) is final for that refresh: every waiter gets
// the same auth_error and the next authorize() tries again.
#pragma once

#include "auth/bearer_authorizer.hpp"
#include "auth/gcp/key_file.hpp"
#include "auth/pem_key.hpp"
#include "core/clock.hpp"
#include "http/client.hpp"

#include <memory>
#include <string>
#include <vector>

namespace cloudsync::auth::gcp {

struct service_account_options {
    service_account_key key;
    // Where the assertion is posted and what its aud names. Empty: the key file's
    // token_uri. The daemon passes config's gcp.endpoints.token, which therefore
    // overrides the key file (cloudsim, a private endpoint, a proxy).
    std::string token_endpoint;
    std::vector<std::string> scopes; // empty: default_scopes() (scopes.hpp)
    // iat/exp come from clock->system(); null: real_clock.
    std::shared_ptr<const cloudsync::clock> clock;
};

// Construct with std::make_shared (see bearer_authorizer). The constructor
// throws auth_error when client_email is empty, the private key is not an
// unencrypted RSA key of >= 2048 bits, or the token endpoint is not https
// (plain http only for loopback). Thread safety: one executor, the http::client's.
class service_account_credential final : public bearer_authorizer {
public:
    service_account_credential(std::shared_ptr<http::client> client,
                               service_account_options options);

    const std::string& token_url() const noexcept { return token_url_; }
    const std::string& client_email() const noexcept { return client_email_; }

protected:
    boost::asio::awaitable<bearer_token> fetch() override;
    std::string describe() const override { return token_url_; }

private:
    std::shared_ptr<http::client> client_;
    std::shared_ptr<const cloudsync::clock> clock_;
    std::string client_email_;
    std::string key_id_;
    rsa_private_key key_;
    std::string token_url_;
    std::string scope_;
};

} // namespace cloudsync::auth::gcp
