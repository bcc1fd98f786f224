// The single-flight cache behind every credential that expires: a value (a
// bearer token, a set of AWS session keys) is kept until shortly before it
// expires, and concurrent callers share ONE refresh. bearer_authorizer and the
// AWS credential sources (aws/assume_role.hpp, aws/instance_profile.hpp) hold
// one. What is not here: what is fetched, or how a request is authorized.
#pragma once

#include "auth/error.hpp"
#include "core/clock.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cloudsync::auth {

// The lifetimes a value's schedule is planned with. An issuer's lifetime is
// clamped into [min, max] first: below a minute, every request would refetch
// (a refresh storm on the identity provider; a value that really dies sooner
// costs one 401 and one refetch, see auth::send); above a day the value is
// bogus (milliseconds taken for seconds, an expires_on read as expires_in) and
// would, near INT64_MAX, overflow the time arithmetic. No cloud issues tokens
// outside that range (Entra ID 1 h to 24 h, IMDS up to 24 h, Google 1 h, AWS
// STS sessions 15 min to 12 h, EC2 instance profile keys about 6 h).
inline constexpr std::chrono::seconds min_token_lifetime{60};
inline constexpr std::chrono::seconds max_token_lifetime{24 * 3600};
std::chrono::seconds clamp_token_lifetime(std::chrono::seconds lifetime) noexcept;

// When a value obtained at `obtained` with `lifetime` (clamped as above) must be
// refreshed. The margin is the smaller of 5 minutes and 10% of the lifetime, so
// long-lived values are renewed 5 minutes early and short-lived ones still get
// most of their life.
struct token_times {
    clock::steady_time refresh_at;
    clock::steady_time expires_at;
};
token_times plan_refresh(clock::steady_time obtained, std::chrono::seconds lifetime) noexcept;

// Thread safety: one executor; any number of coroutines on it may call get().
// A refresh runs on its own (co_spawn'ed, holding the fetch function and the
// cache's state), not inside any caller, so cancelling one caller neither
// cancels the refresh nor fails the other waiters. A failed refresh fails every
// waiter with the same auth_error; the next call starts a new refresh. Between
// refresh_at and expires_at callers keep getting the old value while the refresh
// runs.
template <class T> class refresh_cache {
public:
    struct fetched {
        T value;
        std::chrono::seconds lifetime{0}; // as the issuer said (clamped when planned)
    };
    using fetch_fn = std::function<boost::asio::awaitable<fetched>()>;

    explicit refresh_cache(std::shared_ptr<const cloudsync::clock> clock)
        : state_(std::make_shared<state>()) {
        state_->clock = clock ? std::move(clock) : std::make_shared<real_clock>();
    }

    // The cached value, or the result of a refresh started with `fetch` when
    // none is fresh. `origin` names the request in errors and logs ("token
    // request to https://..."): an exception fetch throws that is not an
    // auth_error becomes auth_error("{origin} failed: {what}").
    boost::asio::awaitable<T> get(fetch_fn fetch, std::string origin);

    void forget() noexcept { state_->value.reset(); }
    const std::optional<T>& current() const noexcept { return state_->value; }
    std::uint64_t fetch_count() const noexcept { return state_->fetches; }

private:
    // One refresh in progress. Waiters park on `done` (a timer that never fires
    // by itself); the refresh cancels it to wake them all.
    struct flight {
        explicit flight(boost::asio::any_io_executor executor)
            : done(std::move(executor), boost::asio::steady_timer::time_point::max()) {}
        boost::asio::steady_timer done;
        bool finished = false;
        std::optional<T> value;
        std::exception_ptr error;
    };
    struct state {
        std::shared_ptr<const cloudsync::clock> clock;
        std::optional<T> value;
        token_times times{};
        std::shared_ptr<flight> pending;
        std::uint64_t fetches = 0;
    };

    static boost::asio::awaitable<void> refresh(std::shared_ptr<state> self,
                                                std::shared_ptr<flight> pending, fetch_fn fetch,
                                                std::string origin);

    std::shared_ptr<state> state_;
};

template <class T>
boost::asio::awaitable<T> refresh_cache<T>::get(fetch_fn fetch, std::string origin) {
    namespace asio = boost::asio;
    const auto now = state_->clock->steady();
    if (state_->value && now < state_->times.refresh_at)
        co_return *state_->value;
    if (!state_->pending) {
        auto executor = co_await asio::this_coro::executor;
        state_->pending = std::make_shared<flight>(executor);
        ++state_->fetches;
        asio::co_spawn(executor,
                       refresh(state_, state_->pending, std::move(fetch), std::move(origin)),
                       asio::detached);
    }
    if (state_->value && now < state_->times.expires_at)
        co_return *state_->value; // still valid: don't stall
    const auto pending = state_->pending;
    while (!pending->finished) {
        co_await pending->done.async_wait(asio::as_tuple(asio::use_awaitable));
        const auto cancel = co_await asio::this_coro::cancellation_state;
        if (!pending->finished && cancel.cancelled() != asio::cancellation_type::none)
            throw boost::system::system_error(asio::error::operation_aborted);
    }
    if (pending->error)
        std::rethrow_exception(pending->error);
    co_return *pending->value;
}

template <class T>
boost::asio::awaitable<void> refresh_cache<T>::refresh(std::shared_ptr<state> self,
                                                       std::shared_ptr<flight> pending,
                                                       fetch_fn fetch, std::string origin) {
    // Lifetime counts from before the request: the issuer's clock started then at the latest.
    const auto started = self->clock->steady();
    try {
        fetched got = co_await fetch();
        if (clamp_token_lifetime(got.lifetime) != got.lifetime)
            spdlog::warn("{}: lifetime {} s is outside [{}, {}] s, planned as {} s", origin,
                         got.lifetime.count(), min_token_lifetime.count(),
                         max_token_lifetime.count(), clamp_token_lifetime(got.lifetime).count());
        self->times = plan_refresh(started, got.lifetime);
        self->value = got.value;
        pending->value = std::move(got.value);
    } catch (const auth_error&) {
        pending->error = std::current_exception();
    } catch (const std::exception& e) {
        pending->error = std::make_exception_ptr(auth_error(origin + " failed: " + e.what()));
    } catch (...) {
        pending->error = std::make_exception_ptr(auth_error(origin + " failed: unknown error"));
    }
    pending->finished = true;
    if (self->pending == pending)
        self->pending.reset();
    pending->done.cancel();
}

} // namespace cloudsync::auth
