// The one authorized ARM GET the Azure collectors make, plus URL building. It
// turns a non-2xx answer into api_error and refuses a nextLink that leaves the
// management endpoint's origin (it would carry our bearer token elsewhere).
#pragma once

#include "auth/authorizer.hpp"
#include "http/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace cloudsync::collectors::azure::detail {

class arm_client {
public:
    // Throws options_error when management_endpoint is not an absolute http(s) URL.
    arm_client(std::shared_ptr<http::client> client, std::shared_ptr<auth::authorizer> credentials,
               std::string management_endpoint);

    // management endpoint + path_and_query ("/subscriptions?api-version=...").
    std::string url(std::string_view path_and_query) const;

    // GETs url; returns the body of a 2xx answer, throws api_error otherwise and
    // page_error when url is not on the management endpoint's origin.
    boost::asio::awaitable<std::string> get(std::string url);

    // Obtains credentials (a cached token costs nothing) without sending a request,
    // so that a failure to reach the login endpoint surfaces before a subscription
    // scope opens and fails the whole collection (see scopes.hpp). Throws what
    // authorizer::authorize() throws.
    boost::asio::awaitable<void> ensure_credentials();

    std::uint64_t calls() const noexcept { return calls_; }

private:
    std::shared_ptr<http::client> client_;
    std::shared_ptr<auth::authorizer> credentials_;
    std::string endpoint_; // no trailing slash
    std::string origin_;   // scheme://host:port, lower case
    std::uint64_t calls_ = 0;
};

} // namespace cloudsync::collectors::azure::detail
