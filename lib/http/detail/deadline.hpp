// Bounding steps in time. with_deadline races an operation against a
// steady_timer (awaitable_operators `||`; Boost 1.81 has no cancel_after); the
// loser is cancelled and awaited, so nothing outlives the call. resolve gets
// its own scheme because a getaddrinfo lookup cannot be cancelled: on timeout
// the lookup is abandoned and its late result dropped.
//
// Cancellation of the calling coroutine reaches the running operation; it then
// completes with operation_aborted, which the caller turns into an exception.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::http::detail {

// op's error code, or asio::error::timed_out when limit passed first. op must
// report failure (cancellation included) as a value and never throw.
boost::asio::awaitable<boost::system::error_code>
with_deadline(boost::asio::awaitable<boost::system::error_code> op,
              std::chrono::steady_clock::duration limit);

using endpoint_list = std::vector<boost::asio::ip::tcp::endpoint>;

// Looks up host:port (no DNS for an IP literal) within limit. Errors: the
// lookup's, timed_out, or operation_aborted when the caller is cancelled.
boost::asio::awaitable<std::pair<boost::system::error_code, endpoint_list>>
resolve(std::string host, std::string port, bool ip_literal,
        std::chrono::steady_clock::duration limit);

} // namespace cloudsync::http::detail
