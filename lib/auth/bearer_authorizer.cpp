#include "auth/bearer_authorizer.hpp"

#include "core/text.hpp"

#include "auth/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace cloudsync::auth {

namespace asio = boost::asio;

// One refresh in progress. Waiters park on `done` (a timer that never fires by
// itself); the refresh cancels it to wake them all.
struct bearer_authorizer::flight {
    explicit flight(asio::any_io_executor executor)
        : done(std::move(executor), asio::steady_timer::time_point::max()) {}
    asio::steady_timer done;
    bool finished = false;
    std::optional<secret> token;
    std::exception_ptr error;
};

std::chrono::seconds clamp_token_lifetime(std::chrono::seconds lifetime) noexcept {
    return std::clamp(lifetime, min_token_lifetime, max_token_lifetime);
}

token_times plan_refresh(clock::steady_time obtained, std::chrono::seconds lifetime) noexcept {
    lifetime = clamp_token_lifetime(lifetime);
    const auto margin = std::min<std::chrono::seconds>(std::chrono::minutes(5), lifetime / 10);
    return {obtained + lifetime - margin, obtained + lifetime};
}

bearer_authorizer::bearer_authorizer(std::shared_ptr<const cloudsync::clock> clock)
    : clock_(clock ? std::move(clock) : std::make_shared<real_clock>()) {}

void bearer_authorizer::invalidate(const http::request& rejected) noexcept {
    if (!token_)
        return;
    for (const auto& [name, value] : rejected.headers)
        if (name == "Authorization" && value != "Bearer " + token_->reveal())
            return; // refused an older token; the cached one is newer
    token_.reset();
}

void bearer_authorizer::invalidate() noexcept {
    token_.reset();
}

asio::awaitable<http::request> bearer_authorizer::authorize(http::request req) {
    const secret value = co_await token();
    std::erase_if(req.headers, [](const auto& header) {
        return iequals(header.first, "authorization");
    });
    req.headers.emplace_back("Authorization", "Bearer " + value.reveal());
    co_return req;
}

asio::awaitable<secret> bearer_authorizer::token() {
    const auto now = clock_->steady();
    if (token_ && now < times_.refresh_at)
        co_return *token_;
    if (!flight_) {
        auto executor = co_await asio::this_coro::executor;
        flight_ = std::make_shared<flight>(executor);
        ++fetches_;
        asio::co_spawn(executor, refresh(shared_from_this(), flight_), asio::detached);
    }
    if (token_ && now < times_.expires_at)
        co_return *token_; // still valid: don't stall
    const auto pending = flight_;
    while (!pending->finished) {
        co_await pending->done.async_wait(asio::as_tuple(asio::use_awaitable));
        const auto state = co_await asio::this_coro::cancellation_state;
        if (!pending->finished && state.cancelled() != asio::cancellation_type::none)
            throw boost::system::system_error(asio::error::operation_aborted);
    }
    if (pending->error)
        std::rethrow_exception(pending->error);
    co_return *pending->token;
}

asio::awaitable<void> bearer_authorizer::refresh(std::shared_ptr<bearer_authorizer> self,
                                                 std::shared_ptr<flight> pending) {
    // Lifetime counts from before the request: the server's clock started then at the latest.
    const auto started = self->clock_->steady();
    try {
        bearer_token fetched = co_await self->fetch();
        if (clamp_token_lifetime(fetched.lifetime) != fetched.lifetime)
            spdlog::warn("token from {}: expires_in {} s is outside [{}, {}] s, planned as {} s",
                         self->describe(), fetched.lifetime.count(), min_token_lifetime.count(),
                         max_token_lifetime.count(), clamp_token_lifetime(fetched.lifetime).count());
        self->times_ = plan_refresh(started, fetched.lifetime);
        self->token_ = fetched.value;
        pending->token = std::move(fetched.value);
    } catch (const auth_error&) {
        pending->error = std::current_exception();
    } catch (const std::exception& e) {
        pending->error = std::make_exception_ptr(
            auth_error("token request to " + self->describe() + " failed: " + e.what()));
    } catch (...) {
        pending->error = std::make_exception_ptr(
            auth_error("token request to " + self->describe() + " failed: unknown error"));
    }
    pending->finished = true;
    if (self->flight_ == pending)
        self->flight_.reset();
    pending->done.cancel();
}

} // namespace cloudsync::auth
