// sd_notify messages to the service manager: readiness, the one-line STATUS=,
// reload and stop announcements and watchdog pings. Nothing here may stop the
// daemon: every function is noexcept, returns whether a message was actually
// sent, and is a harmless no-op when NOTIFY_SOCKET is unset (not under systemd).
// The watchdog loop lives in watchdog.hpp, socket activation in listen_fds.hpp.
#pragma once

#include <string_view>

namespace cloudsync::systemd {

// READY=1: migrations applied and the API listens.
bool notify_ready() noexcept;

// STATUS=<text>, shown by `systemctl status`. Newlines are replaced by spaces so
// the message stays one assignment.
bool notify_status(std::string_view text) noexcept;

// RELOADING=1 plus MONOTONIC_USEC=<CLOCK_MONOTONIC in microseconds>, as
// Type=notify-reload expects; follow it with notify_ready() once the new
// configuration is in effect.
bool notify_reloading() noexcept;

// STOPPING=1: shutdown has begun.
bool notify_stopping() noexcept;

// WATCHDOG=1: one keep-alive ping. Call it through the watchdog loop, which only
// pings while the daemon is alive.
bool notify_watchdog() noexcept;

} // namespace cloudsync::systemd
