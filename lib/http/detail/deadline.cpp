#include "http/detail/deadline.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>

namespace cloudsync::http::detail {
namespace asio = boost::asio;
using boost::system::error_code;

asio::awaitable<error_code> with_deadline(asio::awaitable<error_code> op,
                                          std::chrono::steady_clock::duration limit) {
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer(co_await asio::this_coro::executor, limit);
    auto result = co_await (std::move(op) || timer.async_wait(asio::use_awaitable));
    if (result.index() == 1)
        co_return asio::error::timed_out;
    co_return std::get<0>(result);
}

namespace {

// Shared by the lookup's handler and the waiting coroutine, whichever ends last.
struct lookup {
    explicit lookup(const asio::any_io_executor& ex) : timer(ex), resolver(ex) {}
    asio::steady_timer timer;
    asio::ip::tcp::resolver resolver;
    error_code ec;
    endpoint_list endpoints;
    bool done = false;
};

} // namespace

asio::awaitable<std::pair<error_code, endpoint_list>>
resolve(std::string host, std::string port, bool ip_literal,
        std::chrono::steady_clock::duration limit) {
    auto state = std::make_shared<lookup>(co_await asio::this_coro::executor);
    state->timer.expires_after(limit);
    const auto flags = ip_literal ? asio::ip::resolver_base::numeric_host
                                  : asio::ip::resolver_base::flags{};
    state->resolver.async_resolve(
        host, port, flags,
        [state](error_code ec, asio::ip::tcp::resolver::results_type results) {
            state->ec = ec;
            for (const auto& entry : results)
                state->endpoints.push_back(entry.endpoint());
            state->done = true;
            state->timer.cancel();
        });
    auto [wait_ec] = co_await state->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (state->done)
        co_return std::pair{state->ec, std::move(state->endpoints)};
    if (wait_ec == asio::error::operation_aborted)
        co_return std::pair{wait_ec, endpoint_list{}};
    co_return std::pair{error_code(asio::error::timed_out), endpoint_list{}};
}

} // namespace cloudsync::http::detail
