// The credentials interface every collector sees (STYLE.md §16): something that
// *authorizes a request* — Azure and GCP add a bearer token, AWS signs — plus the
// one free function that sends an authorized request and recovers once from a 401.
// What is not here: how a token is obtained or cached (bearer_authorizer.hpp and
// the per-cloud credentials under azure/, gcp/, aws/).
#pragma once

#include "http/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>

namespace cloudsync::auth {

// Thread safety: an authorizer is used from one executor (like http::client); any
// number of coroutines on it may call authorize() concurrently.
// Failure: authorize() throws auth_error when no credentials could be obtained, and
// boost::system::system_error(operation_aborted) when the caller is cancelled.
class authorizer {
public:
    virtual ~authorizer() = default;
    // Returns req with credentials added (an Authorization header or a signature).
    virtual boost::asio::awaitable<http::request> authorize(http::request req) = 0;
    // Forgets cached credentials, so the next authorize() obtains fresh ones
    // (called after the server answered 401).
    virtual void invalidate() noexcept = 0;
    // The server answered 401 to `rejected` (as authorize() returned it). The
    // default forgets the credentials; a credential that can tell may keep ones
    // obtained since, so concurrent requests rejected together fetch one token.
    virtual void invalidate(const http::request& rejected) noexcept {
        (void)rejected;
        invalidate();
    }
};

// An answer other than 401 that says the credentials were refused (AWS answers
// an expired session with 400/403 ExpiredToken).
using refusal_test = std::function<bool(const http::response& answer)>;

// Authorizes req, sends it, and when the answer is 401 (or `refused` says it
// refused the credentials) invalidates the credentials that signed it once
// and retries once with fresh ones. Returns the final response whatever its
// status; throws what authorize() and http::client::send() throw.
boost::asio::awaitable<http::response> send(std::shared_ptr<http::client> client,
                                            std::shared_ptr<authorizer> credentials,
                                            http::request req, refusal_test refused = {});

} // namespace cloudsync::auth
