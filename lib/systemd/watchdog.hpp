// The systemd watchdog: how often to ping (half of WATCHDOG_USEC) and the loop
// on the event loop that pings only while the daemon says it is alive. A daemon
// whose scheduler loop is stuck stops pinging, and systemd restarts it.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <optional>

namespace cloudsync::systemd {

// The ping period, half of WATCHDOG_USEC, when systemd enabled the watchdog for
// this process (sd_watchdog_enabled); nullopt otherwise or on malformed
// variables. Never throws.
std::optional<std::chrono::microseconds> watchdog_interval() noexcept;

// Pings WATCHDOG=1 every `period`, but only on ticks where alive() returns true
// (a false or throwing alive() skips the ping and logs the transition once).
// Runs until cancelled (co_spawn with a cancellation slot, or an awaitable
// operator || with the daemon's shutdown); cancellation ends it quietly.
// alive() is called on the coroutine's executor and must be cheap.
boost::asio::awaitable<void> run_watchdog(std::chrono::microseconds period,
                                          std::function<bool()> alive);

} // namespace cloudsync::systemd
