// One client connection: the request/response loop with limits, deadlines and
// keep-alive, over any of the stream types the server accepts (TCP or Unix,
// with or without TLS). Only server.cpp instantiates it.
//
// Deadlines: the wait for the first byte of a request is bounded by
// idle_timeout; from that byte, reading the whole request by request_timeout
// (so a slowloris client is cut off); writing a response by request_timeout.
// A deadline closes the socket (beast::basic_stream), ending the session.
#pragma once

#include "api/detail/request_metrics.hpp"
#include "api/detail/server_state.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

namespace cloudsync::api::detail {

template <class Stream> inline constexpr bool is_tls_stream = false;
template <class Next> inline constexpr bool is_tls_stream<boost::asio::ssl::stream<Next>> = true;

// The peer's IP address, or "unix" for a Unix socket (or "unknown"): the key
// of the limit on rejected tokens.
template <class Socket> std::string peer_of(Socket& socket) {
    if constexpr (std::is_same_v<typename Socket::protocol_type, boost::asio::ip::tcp>) {
        boost::system::error_code ec;
        const auto endpoint = socket.remote_endpoint(ec);
        return ec ? std::string("unknown") : endpoint.address().to_string();
    } else {
        return "unix";
    }
}

// The status to answer a failed request read with; 0: just close.
unsigned status_for_read_error(const boost::system::error_code& ec, bool header_done) noexcept;

template <class Stream>
class session final : public connection, public std::enable_shared_from_this<session<Stream>> {
public:
    session(std::shared_ptr<server_state> state, Stream stream)
        : state_(std::move(state)), stream_(std::move(stream)),
          buffer_(state_->options.header_limit + state_->options.body_limit + 16 * 1024) {
        ++state_->active;
    }
    ~session() override {
        state_->connections.remove(id_);
        --state_->active;
    }

    // Registers the session and runs it on the stream's executor (a strand).
    static void start(std::shared_ptr<server_state> state, Stream stream) {
        auto self = std::make_shared<session>(std::move(state), std::move(stream));
        self->id_ = self->state_->connections.add(self);
        if (self->state_->stopping)
            return; // stop() ran meanwhile: just drop it
        boost::asio::co_spawn(self->lowest().get_executor(), self->run(), boost::asio::detached);
    }

    void close() noexcept override {
        try {
            boost::asio::post(lowest().get_executor(),
                              [self = this->shared_from_this()] { self->lowest().close(); });
        } catch (...) {
        }
    }

private:
    auto& lowest() noexcept { return boost::beast::get_lowest_layer(stream_); }
    static constexpr auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

    boost::asio::awaitable<void> run() {
        auto self = this->shared_from_this(); // alive until the coroutine ends
        client_ = peer_of(lowest().socket());
        try {
            if (co_await handshake()) {
                while (co_await serve_one()) {
                }
            }
            co_await finish();
        } catch (const std::exception&) { // request boundary: drop this connection only
        }
        lowest().close();
    }

    boost::asio::awaitable<bool> handshake() {
        if constexpr (is_tls_stream<Stream>) {
            lowest().expires_after(state_->options.request_timeout);
            auto [ec] =
                co_await stream_.async_handshake(boost::asio::ssl::stream_base::server, tuple);
            co_return !ec;
        } else {
            co_return true;
        }
    }

    // Reads, answers and counts one request; false when the connection ends.
    boost::asio::awaitable<bool> serve_one() {
        if (!co_await wait_for_request())
            co_return false;
        auto res = co_await read_and_route();
        if (!res)
            co_return false;
        count_request(res->label, res->status);
        const bool keep = !res->close && !state_->stopping;
        serialize_head(*res, version_, keep, head_);
        const std::array buffers{boost::asio::buffer(head_), boost::asio::buffer(res->body)};
        lowest().expires_after(state_->options.request_timeout);
        auto [ec, n] = co_await boost::asio::async_write(stream_, buffers, tuple);
        co_return !ec && keep;
    }

    // Idle phase: wait (up to idle_timeout) for the first byte of a request.
    boost::asio::awaitable<bool> wait_for_request() {
        if (buffer_.size() > 0)
            co_return true; // pipelined request already here
        lowest().expires_after(state_->options.idle_timeout);
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(4096), tuple);
        buffer_.commit(n);
        co_return !ec && n > 0;
    }

    boost::asio::awaitable<std::optional<response>> read_and_route() {
        namespace http = boost::beast::http;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(state_->options.header_limit));
        parser_->body_limit(state_->options.body_limit);
        lowest().expires_after(state_->options.request_timeout);
        auto [ec, n] = co_await http::async_read(stream_, buffer_, *parser_, tuple);
        if (ec) {
            const unsigned status = status_for_read_error(ec, parser_->is_header_done());
            if (status == 0)
                co_return std::nullopt;
            version_ = 11;
            linger_ = true;
            auto res = json_error(status, error_message(status), route::unknown);
            res.close = true;
            co_return res;
        }
        auto req = parser_->release();
        version_ = req.version() == 10 ? 10 : 11;
        const bool keep_alive = req.keep_alive();
        auto res = co_await state_->routes.handle(std::move(req), client_);
        if (!keep_alive)
            res.close = true;
        co_return res;
    }

    static std::string_view error_message(unsigned status) noexcept {
        switch (status) {
        case 413:
            return "request body too large";
        case 431:
            return "request header fields too large";
        default:
            return "malformed request";
        }
    }

    // Orderly end: TLS close_notify, or a half-close that lets the client read
    // an error response before we drop unread input (no RST over it).
    boost::asio::awaitable<void> finish() {
        if (!lowest().socket().is_open())
            co_return;
        lowest().expires_after(std::min<std::chrono::milliseconds>(state_->options.request_timeout,
                                                                   std::chrono::seconds(2)));
        if constexpr (is_tls_stream<Stream>) {
            // A peer that closes without close_notify is normal here: ignore the result.
            (void)co_await stream_.async_shutdown(tuple);
        } else {
            boost::system::error_code ec;
            lowest().socket().shutdown(boost::asio::socket_base::shutdown_send, ec);
            for (std::size_t drained = 0; linger_ && !ec && drained < 1024 * 1024;) {
                std::array<char, 4096> sink;
                auto [rec, n] = co_await lowest().async_read_some(boost::asio::buffer(sink), tuple);
                ec = rec;
                drained += n;
            }
        }
    }

    std::shared_ptr<server_state> state_;
    Stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::string head_;
    unsigned version_ = 11;
    bool linger_ = false;
    std::uint64_t id_ = 0;
    std::string client_;
};

} // namespace cloudsync::api::detail
