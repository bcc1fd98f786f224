// Azure managed identity credential: a token for the VM's system-assigned or a
// user-assigned identity from the Instance Metadata Service (IMDS), `GET
// {endpoint}?api-version=2018-02-01&resource=..[&client_id=..]` with the header
// `Metadata: true` (imds_token.hpp has the wire format). No secret is involved.
// The token is cached and shared as bearer_authorizer describes.
//
// Transport: IMDS is plain http on the link-local 169.254.169.254. http::client
// allows plain http only to loopback today, so against the real IMDS every fetch
// fails with a transport error until lib/http allows that one address for this
// request (see the report of issue 3); loopback endpoints (tests) work now.
#pragma once

#include "auth/azure/imds_token.hpp"
#include "auth/bearer_authorizer.hpp"
#include "core/clock.hpp"
#include "http/client.hpp"

#include <memory>
#include <string>

namespace cloudsync::auth::azure {

struct managed_identity_options {
    std::string endpoint = std::string(default_imds_endpoint); // no query
    // A v2 scope ("{resource}/.default"); IMDS is asked for resource_of_scope(scope).
    std::string scope = "https://management.azure.com/.default";
    std::string client_id; // user-assigned identity's client id; empty: system-assigned
    // expires_on is compared with clock->system(); null: real_clock.
    std::shared_ptr<const cloudsync::clock> clock;
};

// Construct with std::make_shared (see bearer_authorizer). The constructor throws
// auth_error when the endpoint or scope is empty or the endpoint has a query.
// Thread safety: one executor, the same as the http::client's.
class managed_identity_credential final : public bearer_authorizer {
public:
    managed_identity_credential(std::shared_ptr<http::client> client,
                                managed_identity_options options);

    // The full request URL (with api-version, resource and client_id).
    const std::string& token_url() const noexcept { return token_url_; }

protected:
    boost::asio::awaitable<bearer_token> fetch() override;
    std::string describe() const override { return endpoint_; }

private:
    std::shared_ptr<http::client> client_;
    std::shared_ptr<const cloudsync::clock> clock_;
    std::string endpoint_;
    std::string token_url_;
};

} // namespace cloudsync::auth::azure
