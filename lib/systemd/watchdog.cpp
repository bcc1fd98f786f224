#include "systemd/watchdog.hpp"

#include "systemd/notify.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace cloudsync::systemd {
namespace {

bool ask(const std::function<bool()>& alive) noexcept {
    try {
        return alive && alive();
    } catch (...) {
        return false;
    }
}

} // namespace

std::optional<std::chrono::microseconds> watchdog_interval() noexcept {
    std::uint64_t usec = 0;
    // unset_environment=0: the variables stay valid for later calls in this process.
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
        return std::nullopt;
    return std::chrono::microseconds(usec / 2);
}

boost::asio::awaitable<void> run_watchdog(std::chrono::microseconds period,
                                          std::function<bool()> alive) {
    namespace asio = boost::asio;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    bool was_alive = true;
    for (;;) {
        const bool now_alive = ask(alive);
        if (now_alive)
            notify_watchdog();
        if (now_alive != was_alive) {
            if (now_alive)
                spdlog::info("watchdog: daemon alive again, pings resumed");
            else
                spdlog::warn("watchdog: daemon not alive, withholding WATCHDOG=1");
            was_alive = now_alive;
        }
        timer.expires_after(period);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return; // cancelled: shutdown
    }
}

} // namespace cloudsync::systemd
