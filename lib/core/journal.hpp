// journald's native protocol (https://systemd.io/JOURNAL_NATIVE_PROTOCOL/): a
// log record is one datagram of FIELD=value lines sent to journald's socket.
// Used by the logging setup (log.hpp) so records carry fields of their own
// (ACCOUNT=, RUN_ID=, ...) that `journalctl FIELD=value` selects on.
#pragma once

#include <string>
#include <string_view>

namespace cloudsync::journal {

// Where journald listens for native records.
inline constexpr std::string_view default_socket = "/run/systemd/journal/socket";

// Appends one field to a datagram: NAME=value\n, or, when the value holds a
// newline, NAME\n + its length (64-bit little endian) + value + \n. Names are
// the caller's constants (upper case letters, digits, underscores).
void append_field(std::string& datagram, std::string_view name, std::string_view value);

// A datagram socket to journald. send() never throws and waits at most a
// second: false when journald did not take the record (not running, record
// too large, lagging), so the caller can fall back.
class socket {
public:
    explicit socket(std::string path = std::string(default_socket));
    ~socket();
    socket(const socket&) = delete;
    socket& operator=(const socket&) = delete;

    bool send(std::string_view datagram) noexcept;

private:
    std::string path_;
    int fd_ = -1;
};

} // namespace cloudsync::journal
