// fuzz_api_request: bytes as a client sends them to the API, read by Beast's
// request parser with the server's limits (api::server_options), then answered by
// the router, as session.hpp does for one request; a read error is mapped to its
// status as the session does. The backend is the in-memory one of the API tests
// (the daemon's side is not under test here). The token is configured, so the
// seeds carry "Authorization: Bearer fuzz-token-...". Checked beyond the
// sanitizers: every answer has a status from 200 to 599 and a JSON body where it
// says application/json (DESIGN.md: errors are JSON).
#include "api/detail/router.hpp"
#include "api/detail/session.hpp"
#include "api/server_options.hpp"
#include "api/test_backend.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/json/parse.hpp>

#include <cstdint>
#include <exception>
#include <cstdlib>
#include <optional>

namespace {

namespace http = boost::beast::http;
using namespace cloudsync::api;

constexpr std::string_view token = "fuzz-token-0123456789abcdef0123456789";

// Feeds the whole input as the socket would deliver it, then the end of stream.
std::optional<detail::request> read_request(const std::uint8_t* data, std::size_t size,
                                            boost::system::error_code& ec, bool& header_done) {
    const server_options limits;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
    parser.body_limit(limits.body_limit);
    boost::asio::const_buffer input(data, size);
    while (!parser.is_done()) {
        std::size_t used = 0;
        if (input.size() > 0) {
            used = parser.put(input, ec);
            input += used;
            if (ec == http::error::need_more)
                ec = {};
            else if (ec)
                break;
        }
        if (used == 0) { // nothing more will come: the peer closed
            if (!parser.got_some()) {
                ec = http::error::end_of_stream; // as http::async_read says it
                break;
            }
            parser.put_eof(ec);
            if (!ec && !parser.is_done())
                ec = http::error::partial_message;
            break;
        }
    }
    header_done = parser.is_header_done();
    if (ec)
        return std::nullopt;
    return parser.release();
}

void check(const detail::response& res) {
    if (res.status < 200 || res.status > 599)
        std::abort();
    if (res.content_type == "application/json") {
        boost::system::error_code ec;
        (void)boost::json::parse(res.body, ec);
        if (ec)
            std::abort(); // an error body that is not JSON
    }
    std::string head;
    detail::serialize_head(res, 11, true, head);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    boost::system::error_code ec;
    bool header_done = false;
    auto req = read_request(data, size, ec, header_done);
    if (!req) {
        if (const unsigned status = detail::status_for_read_error(ec, header_done); status != 0)
            check(detail::json_error(status, "malformed request", detail::route::unknown));
        return 0;
    }
    // A router per input: its count of rejected tokens must not carry over.
    const detail::router routes(std::make_shared<testing::test_backend>(),
                                bearer_auth(cloudsync::secret(std::string(token))), "fuzz",
                                std::chrono::steady_clock::now());
    boost::asio::io_context io;
    std::optional<detail::response> answer;
    boost::asio::co_spawn(
        io, [&]() -> boost::asio::awaitable<void> {
            answer = co_await routes.handle(std::move(*req), "192.0.2.1");
        },
        [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e); // a finding: handle() must not throw
        });
    io.run();
    if (!answer)
        std::abort(); // handle() never throws and always answers
    check(*answer);
    return 0;
}
