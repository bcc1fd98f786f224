#include "cloudsim/detail/session.hpp"

#include "cloudsim/error.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

namespace cloudsync::cloudsim::detail {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr auto io_deadline = std::chrono::seconds(60);
constexpr std::size_t max_request_body = 1 << 20;

// Everything here is touched only on the connection's strand (the socket's executor).
struct connection {
    explicit connection(tcp::socket socket)
        : stream(std::move(socket)), timer(stream.get_executor()) {}
    beast::tcp_stream stream;
    asio::steady_timer timer; // for delay faults
    // Set by stop(): a read completion already queued when stop() cancelled
    // must not start a new read or a delay wait that nothing would cancel.
    bool closed = false;
};

http::response<http::string_body> to_response(reply r, unsigned version, bool keep_alive) {
    http::response<http::string_body> response{static_cast<http::status>(r.status), version};
    response.set(http::field::server, "cloudsim");
    response.set(http::field::content_type, r.content_type);
    for (auto& [name, value] : r.headers) response.set(name, value);
    response.body() = std::move(r.body);
    response.keep_alive(keep_alive);
    response.prepare_payload();
    return response;
}

// Headers announcing the whole body, then half of it, then the connection closes.
asio::awaitable<void> write_cut(connection& c, reply r, unsigned version) {
    auto response = to_response(std::move(r), version, false);
    std::string raw = "HTTP/1.1 " + std::to_string(response.result_int()) + " " +
                      std::string(response.reason()) + "\r\n";
    for (const auto& field : response) {
        raw += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
    }
    raw += "\r\n";
    raw.append(response.body(), 0, response.body().size() / 2);
    c.stream.expires_after(io_deadline);
    co_await asio::async_write(c.stream, asio::buffer(raw), use_tuple);
}

} // namespace

struct listener::state : std::enable_shared_from_this<listener::state> {
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    // The acceptor, the accept loop and stop()'s close of the acceptor all run
    // on this strand: a tcp::acceptor is not thread-safe, and with several I/O
    // threads a close racing the loop's next async_accept frees the reactor's
    // descriptor state under it.
    asio::strand<asio::io_context::executor_type> accept_strand{asio::make_strand(io)};
    tcp::acceptor acceptor{accept_strand};
    dispatch_fn dispatch;
    std::vector<std::thread> threads;
    std::mutex mutex; // guards live and stopping
    std::unordered_set<std::shared_ptr<connection>> live;
    bool stopping = false;
    unsigned short port = 0;

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> serve(std::shared_ptr<connection> c);
    asio::awaitable<bool> serve_one(connection& c, beast::flat_buffer& buffer);
    void forget(const std::shared_ptr<connection>& c);
};

asio::awaitable<void> listener::state::accept_loop() {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), use_tuple);
        if (ec) {
            if (!acceptor.is_open()) co_return;
            continue; // e.g. too many open files: keep serving the others
        }
        auto c = std::make_shared<connection>(std::move(socket));
        {
            const std::lock_guard lock(mutex);
            if (stopping) co_return;
            live.insert(c);
        }
        asio::co_spawn(c->stream.get_executor(), serve(c), asio::detached);
    }
}

asio::awaitable<void> listener::state::serve(std::shared_ptr<connection> c) {
    beast::flat_buffer buffer;
    while (co_await serve_one(*c, buffer)) {
    }
    beast::error_code ignored;
    c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    c->stream.close();
    forget(c);
}

// One request/response exchange; false when the connection is done.
asio::awaitable<bool> listener::state::serve_one(connection& c, beast::flat_buffer& buffer) {
    if (c.closed) co_return false;
    http::request_parser<http::string_body> parser;
    parser.body_limit(max_request_body);
    c.stream.expires_after(io_deadline);
    auto [ec, bytes] = co_await http::async_read(c.stream, buffer, parser, use_tuple);
    if (ec) {
        if (ec.category() == http::make_error_code(http::error::end_of_stream).category() && ec != http::error::end_of_stream &&
            ec != http::error::partial_message) {
            auto bad = to_response(arm_error(400, "BadRequest", "Malformed HTTP request."), 11, false);
            co_await http::async_write(c.stream, bad, use_tuple);
        }
        co_return false;
    }
    http_request request = parser.release();
    reply r = dispatch(request);
    if (c.closed) co_return false;
    if (r.delay.count() > 0) {
        c.timer.expires_after(r.delay);
        auto [timer_ec] = co_await c.timer.async_wait(use_tuple);
        if (timer_ec) co_return false; // cancelled by stop()
    }
    if (r.cut_body) {
        co_await write_cut(c, std::move(r), request.version());
        co_return false;
    }
    auto response = to_response(std::move(r), request.version(), request.keep_alive());
    c.stream.expires_after(io_deadline);
    auto [write_ec, written] = co_await http::async_write(c.stream, response, use_tuple);
    co_return !write_ec && response.keep_alive();
}

void listener::state::forget(const std::shared_ptr<connection>& c) {
    const std::lock_guard lock(mutex);
    live.erase(c);
}

listener::listener(const std::string& address, unsigned short port, unsigned threads,
                   dispatch_fn dispatch)
    : state_(std::make_shared<state>()) {
    state_->dispatch = std::move(dispatch);
    try {
        const tcp::endpoint endpoint{asio::ip::make_address(address), port};
        state_->acceptor.open(endpoint.protocol());
        state_->acceptor.set_option(asio::socket_base::reuse_address(true));
        state_->acceptor.bind(endpoint);
        state_->acceptor.listen(asio::socket_base::max_listen_connections);
        state_->port = state_->acceptor.local_endpoint().port();
    } catch (const boost::system::system_error& e) {
        throw cloudsim_error("cloudsim cannot listen on " + address + ":" + std::to_string(port) +
                             ": " + e.code().message());
    }
    asio::co_spawn(state_->accept_strand, state_->accept_loop(), asio::detached);
    for (unsigned i = 0; i < threads; ++i) {
        state_->threads.emplace_back([s = state_] { s->io.run(); });
    }
}

listener::~listener() { stop(); }

unsigned short listener::port() const { return state_->port; }

void listener::stop() {
    std::vector<std::shared_ptr<connection>> open;
    {
        const std::lock_guard lock(state_->mutex);
        if (state_->stopping) return;
        state_->stopping = true;
        open.assign(state_->live.begin(), state_->live.end());
    }
    asio::post(state_->acceptor.get_executor(), [s = state_] {
        beast::error_code ignored;
        s->acceptor.close(ignored);
    });
    for (const auto& c : open) {
        asio::post(c->stream.get_executor(), [c] {
            c->closed = true;
            c->timer.cancel();
            c->stream.cancel();
            beast::error_code ignored;
            c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        });
    }
    // No io.stop(): it would leave the sessions' coroutine frames suspended, to
    // be destroyed with the io_context after the threads are gone. With the
    // acceptor closed and every session cancelled and shut down, each
    // coroutine finishes on its own, run() returns once no work is left, and
    // the joins below wait for exactly that.
    state_->work.reset();
    for (auto& t : state_->threads) {
        if (t.joinable()) t.join();
    }
}

} // namespace cloudsync::cloudsim::detail
