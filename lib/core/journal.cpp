#include "core/journal.hpp"

#include <cstdint>
#include <cstring>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

namespace cloudsync::journal {

void append_field(std::string& datagram, std::string_view name, std::string_view value) {
    datagram.append(name);
    if (value.find('\n') == std::string_view::npos) {
        datagram += '=';
        datagram.append(value);
    } else {
        datagram += '\n';
        std::uint64_t size = value.size();
        for (int byte = 0; byte < 8; ++byte, size >>= 8)
            datagram += static_cast<char>(size & 0xff);
        datagram.append(value);
    }
    datagram += '\n';
}

socket::socket(std::string path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0)
        return;
    // Room for bursts (journald's own clients ask for 8 MiB), and a bound on
    // the wait when journald lags: past it the record goes to stderr.
    const int buffer = 8 << 20;
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    const timeval wait{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
}

socket::~socket() {
    if (fd_ >= 0)
        ::close(fd_);
}

bool socket::send(std::string_view datagram) noexcept {
    if (fd_ < 0)
        return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path_.size() >= sizeof address.sun_path)
        return false;
    std::memcpy(address.sun_path, path_.data(), path_.size());
    // A record journald cannot take in time is not lost: the caller writes it
    // to stderr instead (which journald also reads, without the fields).
    const auto sent = ::sendto(fd_, datagram.data(), datagram.size(), MSG_NOSIGNAL,
                               reinterpret_cast<const sockaddr*>(&address), sizeof address);
    return sent == static_cast<ssize_t>(datagram.size());
}

} // namespace cloudsync::journal
