// Turning listen specs and inherited fds into bound, listening acceptors.
// Accept loops and sessions live in server.cpp; this file only opens sockets.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace cloudsync::api::detail {

using tcp = boost::asio::ip::tcp;
using unix_socket = boost::asio::local::stream_protocol;

struct unix_path {
    std::string path;
};
using listen_address = std::variant<tcp::endpoint, unix_path>;

// "host:port", "[v6]:port", "localhost:port" or "unix:/abs/path". Throws
// listen_error naming the spec when malformed.
listen_address parse_listen_address(std::string_view spec);

// Bound and listening (SO_REUSEADDR, backlog = SOMAXCONN). Throws listen_error.
tcp::acceptor open_tcp(boost::asio::any_io_executor executor, const tcp::endpoint& endpoint);

// Binds a Unix socket at path: a stale socket file is removed first (one that
// refuses connections), a live one or a non-socket file is an error. Mode 0660.
// Throws listen_error.
unix_socket::acceptor open_unix(boost::asio::any_io_executor executor, const std::string& path);

// Adopts a listening socket passed by systemd, by its address family.
// Throws listen_error (the fd is then closed).
std::variant<tcp::acceptor, unix_socket::acceptor> adopt_fd(boost::asio::any_io_executor executor,
                                                            int fd);

} // namespace cloudsync::api::detail
