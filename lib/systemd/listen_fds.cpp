#include "systemd/listen_fds.hpp"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <fcntl.h>
#include <sys/socket.h>

namespace cloudsync::systemd {

std::vector<int> listen_fds() noexcept {
    std::vector<int> fds;
    const int count = sd_listen_fds(1);
    if (count < 0) {
        spdlog::warn("socket activation: malformed LISTEN_FDS (error {})", -count);
        return fds;
    }
    try {
        fds.reserve(static_cast<std::size_t>(count));
    } catch (...) {
        return fds;
    }
    for (int fd = SD_LISTEN_FDS_START; fd < SD_LISTEN_FDS_START + count; ++fd) {
        if (sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) <= 0) {
            spdlog::warn("socket activation: fd {} is not a listening stream socket, ignored", fd);
            continue;
        }
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        fds.push_back(fd);
    }
    return fds;
}

} // namespace cloudsync::systemd
