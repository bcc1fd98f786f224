#include "systemd/notify.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>

namespace cloudsync::systemd {
namespace {

// Sends one message; failures are logged at debug level only, since a daemon
// run by hand (no NOTIFY_SOCKET) or a full socket buffer must never matter.
bool send(const char* message) noexcept {
    const int rc = sd_notify(0, message);
    if (rc < 0)
        spdlog::debug("sd_notify failed: error {}", -rc);
    return rc > 0;
}

std::uint64_t monotonic_usec() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u +
           static_cast<std::uint64_t>(ts.tv_nsec) / 1'000u;
}

} // namespace

bool notify_ready() noexcept {
    return send("READY=1");
}

bool notify_status(std::string_view text) noexcept {
    try {
        std::string message = "STATUS=";
        message.reserve(message.size() + text.size());
        for (char c : text)
            message += (c == '\n' || c == '\r') ? ' ' : c;
        return send(message.c_str());
    } catch (...) { // allocation failure: a status line is not worth dying for
        return false;
    }
}

bool notify_reloading() noexcept {
    char message[64];
    std::snprintf(message, sizeof message, "RELOADING=1\nMONOTONIC_USEC=%llu",
                  static_cast<unsigned long long>(monotonic_usec()));
    return send(message);
}

bool notify_stopping() noexcept {
    return send("STOPPING=1");
}

bool notify_watchdog() noexcept {
    return send("WATCHDOG=1");
}

} // namespace cloudsync::systemd
