#include "api/server.hpp"

#include "api/detail/listener.hpp"
#include "api/detail/session.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include <sstream>

#include <unistd.h>

namespace cloudsync::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
using detail::tcp;
using detail::unix_socket;

namespace detail {

struct listeners {
    std::vector<std::shared_ptr<tcp::acceptor>> tcp_acceptors;
    std::vector<std::shared_ptr<unix_socket::acceptor>> unix_acceptors;
    std::vector<std::string> created_paths; // unlinked on stop
    std::vector<std::string> addresses;

    // Adopts one fd from systemd. Throws listen_error.
    void add_inherited(asio::any_io_executor executor, int fd);
    // Opens one "host:port" / "unix:/path" spec. Throws listen_error.
    void add_configured(asio::any_io_executor executor, const std::string& spec);
};

namespace {

constexpr std::string_view busy_response =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    "Content-Length: 32\r\nConnection: close\r\n\r\n{\"error\":\"too many connections\"}";

// Over the connection cap: a canned 503 (plain text transports only, with a
// short deadline), then close. Under TLS the socket is simply closed.
template <class Protocol> asio::awaitable<void> refuse(typename Protocol::socket socket) {
    beast::basic_stream<Protocol> stream(std::move(socket));
    stream.expires_after(std::chrono::seconds(1));
    co_await asio::async_write(stream, asio::buffer(busy_response),
                               asio::as_tuple(asio::use_awaitable));
    boost::system::error_code ec;
    stream.socket().shutdown(asio::socket_base::shutdown_both, ec);
}

template <class Protocol>
void hand_over(const std::shared_ptr<server_state>& state, typename Protocol::socket socket) {
    if (state->active.load() >= state->options.max_connections) {
        count_request(route::unknown, 503);
        if (state->tls)
            return; // socket closes on destruction
        const auto executor = socket.get_executor();
        asio::co_spawn(executor, refuse<Protocol>(std::move(socket)), asio::detached);
        return;
    }
    using plain = beast::basic_stream<Protocol>;
    if (state->tls) {
        asio::ssl::stream<plain> stream(plain(std::move(socket)), *state->tls);
        session<asio::ssl::stream<plain>>::start(state, std::move(stream));
    } else {
        session<plain>::start(state, plain(std::move(socket)));
    }
}

template <class Protocol>
asio::awaitable<void> accept_loop(std::shared_ptr<server_state> state,
                                  std::shared_ptr<typename Protocol::acceptor> acceptor,
                                  asio::any_io_executor executor) {
    asio::steady_timer pause(acceptor->get_executor());
    while (!state->stopping) {
        auto [ec, socket] = co_await acceptor->async_accept(asio::make_strand(executor),
                                                            asio::as_tuple(asio::use_awaitable));
        if (state->stopping || ec == asio::error::operation_aborted)
            break;
        if (ec) { // EMFILE and friends: back off instead of spinning
            spdlog::warn("api: accept failed: {}", ec.message());
            pause.expires_after(std::chrono::milliseconds(100));
            co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        if constexpr (std::is_same_v<Protocol, tcp>)
            socket.set_option(tcp::no_delay(true), ec);
        hand_over<Protocol>(state, std::move(socket));
    }
}

std::string describe(const tcp::endpoint& endpoint) {
    std::ostringstream out;
    out << endpoint;
    return out.str();
}

} // namespace

void listeners::add_inherited(asio::any_io_executor executor, int fd) {
    auto adopted = adopt_fd(std::move(executor), fd);
    if (auto* acceptor = std::get_if<tcp::acceptor>(&adopted)) {
        addresses.push_back(describe(acceptor->local_endpoint()) + " (systemd)");
        tcp_acceptors.push_back(std::make_shared<tcp::acceptor>(std::move(*acceptor)));
        return;
    }
    auto& acceptor = std::get<unix_socket::acceptor>(adopted);
    addresses.push_back("unix:" + acceptor.local_endpoint().path() + " (systemd)");
    unix_acceptors.push_back(std::make_shared<unix_socket::acceptor>(std::move(acceptor)));
}

void listeners::add_configured(asio::any_io_executor executor, const std::string& spec) {
    const auto address = parse_listen_address(spec);
    if (const auto* endpoint = std::get_if<tcp::endpoint>(&address)) {
        auto acceptor = open_tcp(std::move(executor), *endpoint);
        addresses.push_back(describe(acceptor.local_endpoint()));
        tcp_acceptors.push_back(std::make_shared<tcp::acceptor>(std::move(acceptor)));
        return;
    }
    const auto& path = std::get<unix_path>(address).path;
    unix_acceptors.push_back(
        std::make_shared<unix_socket::acceptor>(open_unix(std::move(executor), path)));
    created_paths.push_back(path);
    addresses.push_back("unix:" + path);
}

} // namespace detail

server::server(asio::any_io_executor executor, server_options options,
               std::shared_ptr<backend> backend)
    : executor_(std::move(executor)), listeners_(std::make_unique<detail::listeners>()) {
    if (!backend)
        throw error("api server needs a backend");
    state_ = std::make_shared<detail::server_state>(std::move(options), std::move(backend));
}

server::~server() {
    stop();
}

void server::start() {
    detail::listeners opened;
    const auto strand = [this] { return asio::any_io_executor(asio::make_strand(executor_)); };
    const auto& fds = state_->options.listen_fds;
    std::size_t adopted = 0;
    try {
        for (; adopted < fds.size(); ++adopted)
            opened.add_inherited(strand(), fds[adopted]);
        if (fds.empty())
            for (const auto& spec : state_->options.listen)
                opened.add_configured(strand(), spec);
    } catch (...) {
        // All-or-nothing: drop what was opened, and the fds we own but never reached.
        for (const auto& path : opened.created_paths)
            ::unlink(path.c_str());
        for (std::size_t i = adopted + 1; i < fds.size(); ++i)
            ::close(fds[i]);
        throw;
    }
    *listeners_ = std::move(opened);
    for (const auto& acceptor : listeners_->tcp_acceptors)
        asio::co_spawn(acceptor->get_executor(),
                       detail::accept_loop<tcp>(state_, acceptor, executor_), asio::detached);
    for (const auto& acceptor : listeners_->unix_acceptors)
        asio::co_spawn(acceptor->get_executor(),
                       detail::accept_loop<unix_socket>(state_, acceptor, executor_),
                       asio::detached);
    for (const auto& address : listeners_->addresses)
        spdlog::info("api: listening on {}", address);
}

void server::stop() noexcept {
    if (state_->stopping.exchange(true))
        return;
    const auto close_on_strand = [](auto acceptor) {
        asio::post(acceptor->get_executor(), [acceptor] {
            boost::system::error_code ec;
            acceptor->close(ec);
        });
    };
    try {
        for (const auto& acceptor : listeners_->tcp_acceptors)
            close_on_strand(acceptor);
        for (const auto& acceptor : listeners_->unix_acceptors)
            close_on_strand(acceptor);
    } catch (...) {
    }
    for (const auto& path : listeners_->created_paths)
        ::unlink(path.c_str());
    state_->connections.close_all();
}

std::vector<tcp::endpoint> server::tcp_endpoints() const {
    std::vector<tcp::endpoint> out;
    for (const auto& acceptor : listeners_->tcp_acceptors) {
        boost::system::error_code ec;
        const auto endpoint = acceptor->local_endpoint(ec);
        if (!ec)
            out.push_back(endpoint);
    }
    return out;
}

std::vector<std::string> server::addresses() const {
    return listeners_->addresses;
}

std::size_t server::connections() const noexcept {
    return state_->active.load();
}

} // namespace cloudsync::api
