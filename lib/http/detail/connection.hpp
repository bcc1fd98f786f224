// One client connection (plain TCP to loopback, or TLS over TCP) and the two
// steps done on it: open (connect + TLS handshake) and exchange (write one
// request, read one response). Both steps report failure as an error_code and
// never throw, so they can race a deadline timer with awaitable_operators `||`
// (which only ends early when a branch completes without an exception).
//
// Lifetime: a connection is shared by the coroutine that uses it and, between
// requests, the pool; it is used by one request at a time.
#pragma once

#include "http/detail/appending_body.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace cloudsync::http::detail {

class connection {
public:
    using tcp = boost::asio::ip::tcp;
    using tls_stream = boost::asio::ssl::stream<tcp::socket>;

    // tls == nullptr makes a plain TCP connection.
    connection(const boost::asio::any_io_executor& executor, boost::asio::ssl::context* tls);

    tcp::socket& socket() noexcept;
    bool is_tls() const noexcept { return std::holds_alternative<tls_stream>(stream_); }
    // Bytes read past the last response; a connection is reusable only when empty.
    boost::beast::flat_buffer& buffer() noexcept { return buffer_; }
    void close() noexcept;

    std::chrono::steady_clock::time_point idle_since{};

    template <class F> decltype(auto) visit(F&& f) { return std::visit(f, stream_); }

private:
    // Beast's largest single read.
    static constexpr std::size_t read_chunk_bytes = 64 * 1024;

    std::variant<tcp::socket, tls_stream> stream_;
    boost::beast::flat_buffer buffer_;
};

// What an exchange needs and leaves behind; owned by the sending coroutine.
struct exchange_state {
    boost::beast::http::request<boost::beast::http::string_body> request;
    boost::beast::http::response_parser<appending_body> parser;
};

// Connects to the first reachable endpoint and, for TLS, sets SNI (not for an
// IP literal), hostname verification and performs the handshake.
boost::asio::awaitable<boost::system::error_code>
open(std::shared_ptr<connection> conn, std::vector<boost::asio::ip::tcp::endpoint> endpoints, std::string host, bool ip_literal);

// Writes state->request and reads the response into state->parser.
boost::asio::awaitable<boost::system::error_code>
exchange(std::shared_ptr<connection> conn, std::shared_ptr<exchange_state> state);

} // namespace cloudsync::http::detail
