#include "api/detail/listener.hpp"

#include "api/server_options.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/v6_only.hpp>

#include <cerrno>
#include <charconv>
#include <sstream>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cloudsync::api::detail {
namespace asio = boost::asio;

namespace {

[[noreturn]] void malformed(std::string_view spec) {
    throw listen_error("invalid api listen address '" + std::string(spec) +
                       "': expected host:port, [ipv6]:port or unix:/path");
}

// Removes a stale socket file at path; throws when something lives there.
void clear_stale_socket(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
        return; // nothing there
    if (!S_ISSOCK(st.st_mode))
        throw listen_error("cannot listen on '" + path + "': exists and is not a socket");
    asio::io_context probe_io;
    unix_socket::socket probe(probe_io);
    boost::system::error_code ec;
    probe.connect(unix_socket::endpoint(path), ec);
    if (!ec)
        throw listen_error("cannot listen on '" + path + "': another process listens there");
    ::unlink(path.c_str());
}

} // namespace

listen_address parse_listen_address(std::string_view spec) {
    if (spec.starts_with("unix:")) {
        auto path = spec.substr(5);
        if (path.empty() || path.front() != '/' || path.size() >= 108)
            malformed(spec);
        return unix_path{std::string(path)};
    }
    std::string_view host;
    std::string_view port;
    if (spec.starts_with("[")) {
        const auto close = spec.find("]:");
        if (close == std::string_view::npos)
            malformed(spec);
        host = spec.substr(1, close - 1);
        port = spec.substr(close + 2);
    } else {
        const auto colon = spec.rfind(':');
        if (colon == std::string_view::npos)
            malformed(spec);
        host = spec.substr(0, colon);
        port = spec.substr(colon + 1);
        if (host.find(':') != std::string_view::npos)
            malformed(spec); // v6 needs brackets
    }
    unsigned short number = 0;
    const auto* end = port.data() + port.size();
    const auto [stop, ec_port] = std::from_chars(port.data(), end, number);
    if (port.empty() || stop != end || ec_port != std::errc())
        malformed(spec);
    if (host == "localhost")
        host = "127.0.0.1";
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(std::string(host), ec);
    if (ec)
        malformed(spec);
    return tcp::endpoint(address, number);
}

tcp::acceptor open_tcp(asio::any_io_executor executor, const tcp::endpoint& endpoint) {
    tcp::acceptor acceptor(executor);
    boost::system::error_code ec;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec && endpoint.address().is_v6())
        acceptor.set_option(asio::ip::v6_only(true), ec);
    if (!ec)
        acceptor.bind(endpoint, ec);
    if (!ec)
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::ostringstream where;
        where << endpoint;
        throw listen_error("cannot listen on " + where.str() + ": " + ec.message());
    }
    return acceptor;
}

unix_socket::acceptor open_unix(asio::any_io_executor executor, const std::string& path) {
    clear_stale_socket(path);
    unix_socket::acceptor acceptor(executor);
    boost::system::error_code ec;
    acceptor.open(unix_socket(), ec);
    if (!ec)
        acceptor.bind(unix_socket::endpoint(path), ec);
    if (!ec)
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec && ::chmod(path.c_str(), 0660) != 0)
        ec.assign(errno, boost::system::system_category());
    if (ec)
        throw listen_error("cannot listen on unix:" + path + ": " + ec.message());
    return acceptor;
}

std::variant<tcp::acceptor, unix_socket::acceptor> adopt_fd(asio::any_io_executor executor,
                                                            int fd) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    boost::system::error_code ec;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw listen_error("inherited fd " + std::to_string(fd) + " is not a socket");
    }
    if (addr.ss_family == AF_UNIX) {
        unix_socket::acceptor acceptor(executor);
        acceptor.assign(unix_socket(), fd, ec);
        if (!ec)
            return acceptor;
    } else if (addr.ss_family == AF_INET || addr.ss_family == AF_INET6) {
        tcp::acceptor acceptor(executor);
        acceptor.assign(addr.ss_family == AF_INET ? tcp::v4() : tcp::v6(), fd, ec);
        if (!ec)
            return acceptor;
    }
    ::close(fd);
    throw listen_error("inherited fd " + std::to_string(fd) + " is not a TCP or Unix socket" +
                       (ec ? ": " + ec.message() : std::string()));
}

} // namespace cloudsync::api::detail
