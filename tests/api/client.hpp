// A small blocking HTTP client for the server tests: raw sockets with receive
// timeouts (a broken server fails the test instead of hanging it), Beast for
// parsing responses, and raw writes for hostile input.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <string>

namespace cloudsync::api::testing {

namespace http = boost::beast::http;
using response = http::response<http::string_body>;

template <class Socket>
void set_receive_timeout(Socket& socket, std::chrono::milliseconds timeout) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

// One connection; requests may be sent in a row (keep-alive).
template <class Protocol = boost::asio::ip::tcp> class client {
public:
    explicit client(const typename Protocol::endpoint& endpoint,
                    std::chrono::milliseconds timeout = std::chrono::seconds(5))
        : socket_(io_) {
        socket_.connect(endpoint);
        set_receive_timeout(socket_, timeout);
    }

    response request(http::verb method, std::string target, std::string token = {},
                     std::string body = {}) {
        http::request<http::string_body> req(method, target, 11);
        req.set(http::field::host, "localhost");
        if (!token.empty())
            req.set(http::field::authorization, "Bearer " + token);
        if (method == http::verb::post || !body.empty()) {
            req.body() = std::move(body);
            req.prepare_payload();
        }
        http::write(socket_, req);
        return read();
    }

    void send_raw(std::string_view bytes) {
        boost::asio::write(socket_, boost::asio::buffer(bytes));
    }

    response read() {
        response res;
        http::read(socket_, buffer_, res);
        return res;
    }

    // Reads until the peer closes; returns the error that ended the read
    // (eof = orderly close, would_block/try_again = our receive timeout hit).
    boost::system::error_code read_until_closed(std::string* data = nullptr) {
        char chunk[4096];
        for (;;) {
            boost::system::error_code ec;
            const auto n = socket_.read_some(boost::asio::buffer(chunk), ec);
            if (ec)
                return ec;
            if (data)
                data->append(chunk, n);
        }
    }

    typename Protocol::socket& socket() { return socket_; }

private:
    boost::asio::io_context io_;
    typename Protocol::socket socket_;
    boost::beast::flat_buffer buffer_;
};

} // namespace cloudsync::api::testing
