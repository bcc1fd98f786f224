// Socket activation: the listening sockets systemd passed in (cloudsyncd.socket).
// Only fds that are listening stream sockets are returned; anything else is
// logged and left alone. The API server turns the fds into acceptors.
#pragma once

#include <vector>

namespace cloudsync::systemd {

// The listening stream sockets passed by the service manager (LISTEN_FDS for
// this PID), marked close-on-exec. Clears LISTEN_* from the environment so
// children do not inherit them. Empty when not socket-activated; never throws.
// The caller owns the returned fds.
std::vector<int> listen_fds() noexcept;

} // namespace cloudsync::systemd
