// A small scripted HTTP/1.1 server on 127.0.0.1 for the client tests: plain TCP
// or TLS, one thread of its own, a handler that decides each reply (status,
// headers, body, a delay, or a misbehaviour such as a body cut short). It counts
// accepted connections and requests so tests can assert reuse and retries.
#pragma once

#include "http/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cloudsync::http::test {

struct received {
    std::string method;
    std::string target;
    header_list headers;
    std::string body;
    std::string header(std::string_view name) const;
};

struct reply {
    enum class misbehave {
        none,
        cut_body,            // announce the whole body, send half, close
        close_after_reply,   // a keep-alive reply, then close the connection anyway
    };
    unsigned status = 200;
    header_list headers;
    std::string body;
    std::chrono::milliseconds delay{0}; // before answering
    misbehave how = misbehave::none;
};

class test_server {
public:
    // handler(request, index): index counts requests from 0 across all connections.
    // It runs on the server thread. tls == nullptr serves plain TCP.
    using handler = std::function<reply(const received&, int)>;
    explicit test_server(handler h, boost::asio::ssl::context* tls = nullptr);
    ~test_server();
    test_server(const test_server&) = delete;
    test_server& operator=(const test_server&) = delete;

    unsigned short port() const noexcept { return port_; }
    std::string url(std::string_view path, std::string_view host = "127.0.0.1") const;
    int connections() const noexcept { return connections_.load(); }
    int requests() const noexcept { return requests_.load(); }
    // Requests read but not yet fully answered, now and at most so far: what the
    // server sees in flight (a reply's delay counts).
    int active() const noexcept { return active_.load(); }
    int max_active() const noexcept { return max_active_.load(); }
    std::vector<received> log() const;

private:
    struct session;
    void accept();
    void enter();
    void leave();
    void serve(boost::asio::ip::tcp::socket socket);

    handler handler_;
    boost::asio::ssl::context* tls_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    unsigned short port_ = 0;
    std::atomic<int> connections_{0};
    std::atomic<int> requests_{0};
    std::atomic<int> active_{0};
    std::atomic<int> max_active_{0};
    mutable std::mutex log_mutex_;
    std::vector<received> log_;
    std::thread thread_;
};

// Runs task on io until it and everything it started are done; rethrows its exception.
template <class T> T run_sync(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
    auto result = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
    io.restart();
    io.run();
    return result.get();
}

// A port on 127.0.0.1 that nothing listens on (bound, then released).
unsigned short unused_port();

} // namespace cloudsync::http::test
