// The systemd side of sd_notify for tests: a unix datagram socket the daemon is
// pointed at with NOTIFY_SOCKET, and bounded waits for the messages it sends.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::test {

class notify_listener {
public:
    explicit notify_listener(std::string path);
    ~notify_listener();
    notify_listener(const notify_listener&) = delete;
    notify_listener& operator=(const notify_listener&) = delete;

    const std::string& path() const noexcept { return path_; }
    // Waits for a datagram with a line equal to `line` (or starting with it when
    // `line` ends with '='); returns that datagram. Datagrams read meanwhile are
    // kept in received().
    std::optional<std::string> wait_for(const std::string& line, std::chrono::milliseconds timeout);
    const std::vector<std::string>& received() const noexcept { return received_; }

private:
    std::string path_;
    int fd_ = -1;
    std::vector<std::string> received_;
    std::size_t scanned_ = 0;
};

} // namespace cloudsync::test
