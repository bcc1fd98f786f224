#include "http/test_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <strings.h>

namespace cloudsync::http::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// The wire form of a reply whose body stops half way (Content-Length promises all).
std::string cut_reply(const reply& r) {
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " X\r\n";
    for (const auto& [k, v] : r.headers)
        out += k + ": " + v + "\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n";
    out += r.body.substr(0, r.body.size() / 2);
    return out;
}

template <class Stream>
asio::awaitable<void> close_stream(Stream& s) {
    boost::system::error_code ignored;
    if constexpr (std::is_same_v<Stream, tcp::socket>) {
        s.shutdown(tcp::socket::shutdown_send, ignored);
        s.close(ignored);
    } else {
        s.next_layer().shutdown(tcp::socket::shutdown_send, ignored);
        s.next_layer().close(ignored);
    }
    co_return;
}

} // namespace

std::string received::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k.size() == name.size() && ::strncasecmp(k.data(), name.data(), k.size()) == 0)
            return v;
    return {};
}

void test_server::enter() {
    const int now = ++active_;
    int seen = max_active_.load();
    while (now > seen && !max_active_.compare_exchange_weak(seen, now)) {
    }
}

void test_server::leave() {
    --active_;
}

struct test_server::session {
    // One connection: read requests, answer as the handler says, until either side closes.
    template <class Stream>
    static asio::awaitable<void> run(test_server* server, Stream stream) {
        beast::flat_buffer buffer;
        for (;;) {
            beast::http::request<beast::http::string_body> req;
            auto [ec, n] = co_await beast::http::async_read(stream, buffer, req, use_tuple);
            if (ec)
                break;
            received got{std::string(req.method_string()), std::string(req.target()), {},
                         req.body()};
            for (const auto& f : req)
                got.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
            const int index = server->requests_++;
            server->enter();
            {
                std::lock_guard lock(server->log_mutex_);
                server->log_.push_back(got);
            }
            const reply r = server->handler_(got, index);
            if (r.delay.count() > 0) {
                asio::steady_timer timer(stream.get_executor(), r.delay);
                co_await timer.async_wait(use_tuple);
            }
            if (r.how == reply::misbehave::cut_body) {
                co_await asio::async_write(stream, asio::buffer(cut_reply(r)), use_tuple);
                server->leave();
                break;
            }
            beast::http::response<beast::http::string_body> res{
                static_cast<beast::http::status>(r.status), 11};
            for (const auto& [k, v] : r.headers)
                res.set(k, v);
            res.body() = r.body;
            res.keep_alive(req.keep_alive() && res.keep_alive());
            res.prepare_payload();
            auto [wec, wn] = co_await beast::http::async_write(stream, res, use_tuple);
            server->leave();
            if (wec || !res.keep_alive() || r.how == reply::misbehave::close_after_reply)
                break;
        }
        co_await close_stream(stream);
    }

    static asio::awaitable<void> run_tls(test_server* server, tcp::socket socket) {
        asio::ssl::stream<tcp::socket> stream(std::move(socket), *server->tls_);
        auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
        if (ec)
            co_return;
        co_await run(server, std::move(stream));
    }
};

test_server::test_server(handler h, asio::ssl::context* tls)
    : handler_(std::move(h)), tls_(tls),
      acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { io_.run(); });
}

test_server::~test_server() {
    asio::post(io_, [this] {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        io_.stop();
    });
    thread_.join();
}

void test_server::accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (ec)
            return;
        ++connections_;
        serve(std::move(socket));
        accept();
    });
}

void test_server::serve(tcp::socket socket) {
    if (tls_ != nullptr)
        asio::co_spawn(io_, session::run_tls(this, std::move(socket)), asio::detached);
    else
        asio::co_spawn(io_, session::run(this, std::move(socket)), asio::detached);
}

std::string test_server::url(std::string_view path, std::string_view host) const {
    const std::string scheme = tls_ != nullptr ? "https" : "http";
    return scheme + "://" + std::string(host) + ":" + std::to_string(port_) + std::string(path);
}

std::vector<received> test_server::log() const {
    std::lock_guard lock(log_mutex_);
    return log_;
}

unsigned short unused_port() {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

} // namespace cloudsync::http::test
