// Request -> response for the API routes: matching, method and token checks,
// and the calls into the backend. Transport concerns (limits, deadlines,
// keep-alive) belong to the session, not here.
#pragma once

#include "api/backend.hpp"
#include "api/bearer.hpp"
#include "api/detail/auth_failures.hpp"
#include "api/detail/response.hpp"
#include "api/detail/status_cache.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace cloudsync::api::detail {

using request = boost::beast::http::request<boost::beast::http::string_body>;

// Immutable after construction but for the count of rejected tokens per
// client address and the last /status body (both internally locked); handle()
// may run on several threads at once.
// Lifetime: the router must outlive every handle() in flight (the server state
// that owns it is shared by every session).
class router {
public:
    router(std::shared_ptr<backend> backend, bearer_auth auth, std::string version,
           std::chrono::steady_clock::time_point started);

    // Never throws: a backend failure becomes a 500 JSON error. `client`
    // names the peer (its IP address, or "unix") for the limit on rejected
    // tokens (auth_failures.hpp).
    boost::asio::awaitable<response> handle(request req, std::string client) const;

private:
    boost::asio::awaitable<response> dispatch(route which, request req) const;
    response healthz() const;
    boost::asio::awaitable<response> status() const;
    boost::asio::awaitable<response> sync(std::string_view target) const;
    boost::asio::awaitable<response> run(std::string_view id_text) const;

    std::shared_ptr<backend> backend_;
    bearer_auth auth_;
    std::chrono::steady_clock::time_point started_;
    mutable auth_failures failures_; // internally locked
    mutable status_cache status_;    // internally locked
};

} // namespace cloudsync::api::detail
