#include "http/detail/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace cloudsync::http::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Branch coroutines report cancellation as a value: an exception would keep the
// deadline race waiting for its timer. A cancellation that arrived before the
// branch started is caught here too, since the operation would not see it.
asio::awaitable<bool> cancelled() {
    co_return (co_await asio::this_coro::cancellation_state).cancelled() !=
        asio::cancellation_type::none;
}

// Pointers stay valid: the caller's frame owns the connection and the state
// until this coroutine completes.
template <class Stream>
asio::awaitable<error_code> write_and_read(Stream* stream, beast::flat_buffer* buffer,
                                           exchange_state* state) {
    auto [write_ec, written] = co_await beast::http::async_write(*stream, state->request, use_tuple);
    if (write_ec)
        co_return write_ec;
    if (co_await cancelled())
        co_return asio::error::operation_aborted;
    auto [read_ec, read] = co_await beast::http::async_read(*stream, *buffer, state->parser, use_tuple);
    co_return read_ec;
}

} // namespace

connection::connection(const asio::any_io_executor& executor, asio::ssl::context* tls)
    : stream_(std::in_place_type<tcp::socket>, executor) {
    // Beast reads at most the buffer's free capacity per call (never less than
    // 512 bytes), and a body is moved out of the buffer as it arrives, so an
    // unreserved buffer stays near 1 KiB: a 1 MiB page took about a thousand
    // recv() calls. Reserved once, each read takes up to 64 KiB.
    buffer_.reserve(read_chunk_bytes);
    if (tls != nullptr)
        stream_.emplace<tls_stream>(executor, *tls);
}

connection::tcp::socket& connection::socket() noexcept {
    if (auto* s = std::get_if<tls_stream>(&stream_))
        return s->next_layer();
    return std::get<tcp::socket>(stream_);
}

void connection::close() noexcept {
    error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
}

asio::awaitable<error_code> open(std::shared_ptr<connection> conn,
                                 std::vector<asio::ip::tcp::endpoint> endpoints, std::string host,
                                 bool ip_literal) {
    co_await asio::this_coro::throw_if_cancelled(false);
    if (co_await cancelled())
        co_return asio::error::operation_aborted;
    auto [ec, ep] = co_await asio::async_connect(conn->socket(), endpoints, use_tuple);
    if (ec)
        co_return ec;
    conn->socket().set_option(asio::ip::tcp::no_delay(true), ec);
    auto* tls = conn->visit([](auto& s) {
        using stream_type = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<stream_type, connection::tls_stream>)
            return &s;
        else
            return static_cast<connection::tls_stream*>(nullptr);
    });
    if (tls == nullptr)
        co_return error_code{};
    if (!ip_literal && SSL_set_tlsext_host_name(tls->native_handle(), host.c_str()) != 1)
        co_return error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
    tls->set_verify_mode(asio::ssl::verify_peer);
    tls->set_verify_callback(asio::ssl::host_name_verification(host));
    if (co_await cancelled())
        co_return asio::error::operation_aborted;
    auto [hs_ec] = co_await tls->async_handshake(asio::ssl::stream_base::client, use_tuple);
    co_return hs_ec;
}

asio::awaitable<error_code> exchange(std::shared_ptr<connection> conn,
                                     std::shared_ptr<exchange_state> state) {
    co_await asio::this_coro::throw_if_cancelled(false);
    if (co_await cancelled())
        co_return asio::error::operation_aborted;
    co_return co_await conn->visit([&](auto& stream) {
        return write_and_read(&stream, &conn->buffer(), state.get());
    });
}

} // namespace cloudsync::http::detail
