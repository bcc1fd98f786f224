// GCP authorized-user credential: the OAuth 2.0 refresh-token grant (RFC 6749
// §6) with the client id, client secret and refresh token of an
// `authorized_user` file, as `gcloud auth application-default login` writes it
// (AIP-4113). When an answer carries a new refresh_token it replaces the one in
// memory (Google may rotate it); the file is never written. The token is cached
// and shared as bearer_authorizer describes. Transient failures: as
// service_account_credential.hpp says (http::client's retries, no second loop).
#pragma once

#include "auth/bearer_authorizer.hpp"
#include "auth/gcp/key_file.hpp"
#include "core/clock.hpp"
#include "http/client.hpp"

#include <memory>
#include <string>
#include <vector>

namespace cloudsync::auth::gcp {

struct authorized_user_options {
    authorized_user_key key;
    // The token endpoint (config gcp.endpoints.token); empty: default_token_uri.
    std::string token_endpoint;
    // Sent as `scope`, narrowing the token to what cloudsync needs (a refresh
    // token from gcloud also carries openid, userinfo.email ...). Empty:
    // default_scopes() (scopes.hpp). A scope the user never granted is refused
    // by Google with invalid_scope.
    std::vector<std::string> scopes;
    std::shared_ptr<const cloudsync::clock> clock; // null: real_clock
};

// Construct with std::make_shared (see bearer_authorizer). The constructor
// throws auth_error when client_id, client_secret or refresh_token is empty or
// the token endpoint is not https (plain http only for loopback).
// Thread safety: one executor, the http::client's.
class authorized_user_credential final : public bearer_authorizer {
public:
    authorized_user_credential(std::shared_ptr<http::client> client,
                               authorized_user_options options);

    const std::string& token_url() const noexcept { return token_url_; }

protected:
    boost::asio::awaitable<bearer_token> fetch() override;
    std::string describe() const override { return token_url_; }

private:
    std::shared_ptr<http::client> client_;
    authorized_user_key key_;
    std::string token_url_;
    std::string scope_;
};

} // namespace cloudsync::auth::gcp
