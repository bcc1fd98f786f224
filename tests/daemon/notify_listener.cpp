#include "notify_listener.hpp"

#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace cloudsync::test {
namespace {

bool matches(const std::string& datagram, const std::string& line) {
    std::istringstream lines(datagram);
    for (std::string l; std::getline(lines, l);) {
        if (!line.empty() && line.back() == '=' ? l.rfind(line, 0) == 0 : l == line) return true;
    }
    return false;
}

} // namespace

notify_listener::notify_listener(std::string path) : path_(std::move(path)) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path_.size() >= sizeof addr.sun_path) throw std::runtime_error("socket path too long");
    path_.copy(addr.sun_path, path_.size());
    unlink(path_.c_str());
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot bind " + path_);
}

notify_listener::~notify_listener() {
    if (fd_ >= 0) close(fd_);
    unlink(path_.c_str());
}

std::optional<std::string> notify_listener::wait_for(const std::string& line,
                                                     std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        for (; scanned_ < received_.size(); ++scanned_)
            if (matches(received_[scanned_], line)) return received_[scanned_++];
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buffer[4096];
        const auto n = recv(fd_, buffer, sizeof buffer, 0);
        if (n > 0) received_.emplace_back(buffer, static_cast<std::size_t>(n));
    }
}

} // namespace cloudsync::test
