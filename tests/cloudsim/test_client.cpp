#include "cloudsim/test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <optional>
#include <stdexcept>

namespace cloudsync::cloudsim::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string origin_form(const std::string& target) {
    if (target.rfind("http://", 0) != 0) return target;
    const auto slash = target.find('/', 7);
    return slash == std::string::npos ? "/" : target.substr(slash);
}

} // namespace

struct test_client::impl {
    unsigned short port;
    asio::io_context io;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;

    void connect() {
        stream.emplace(io);
        stream->expires_after(std::chrono::seconds(10));
        stream->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        buffer.clear();
    }
};

test_client::test_client(unsigned short port) : impl_(std::make_unique<impl>()) { impl_->port = port; }
test_client::~test_client() = default;

response test_client::request(http::verb method, const std::string& target, const std::string& body,
                              const header_list& headers) {
    http::request<http::string_body> req{method, origin_form(target), 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(impl_->port));
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty() || method == http::verb::post) req.body() = body;
    req.prepare_payload();
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!impl_->stream) impl_->connect();
        beast::error_code ec;
        impl_->stream->expires_after(std::chrono::seconds(10));
        http::write(*impl_->stream, req, ec);
        response res;
        if (!ec) {
            http::response_parser<http::string_body> parser;
            parser.body_limit(256 * 1024 * 1024);
            http::read(*impl_->stream, impl_->buffer, parser, ec);
            if (!ec) {
                res = parser.release();
                if (!res.keep_alive()) impl_->stream.reset();
                return res;
            }
        }
        impl_->stream.reset(); // stale keep-alive connection: retry once on a new one
        if (attempt == 1) throw beast::system_error(ec);
    }
    throw std::logic_error("unreachable");
}

response test_client::get(const std::string& target, const header_list& headers) {
    return request(http::verb::get, target, "", headers);
}

response test_client::post(const std::string& target, const std::string& body,
                           const std::string& content_type, const header_list& headers) {
    header_list all = headers;
    all.emplace_back("Content-Type", content_type);
    return request(http::verb::post, target, body, all);
}

std::string test_client::raw_get(const std::string& target, const header_list& headers) {
    beast::tcp_stream stream(impl_->io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), impl_->port));
    http::request<http::string_body> req{http::verb::get, origin_form(target), 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    http::write(stream, req);
    std::string received;
    beast::error_code ec;
    char chunk[65536];
    for (;;) {
        const auto n = stream.read_some(asio::buffer(chunk), ec);
        received.append(chunk, n);
        if (ec) break;
    }
    return received;
}

std::string form_encode(const std::string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::string test_client::form_token_body(const std::string& client_id, const std::string& secret,
                                         const std::string& scope, const std::string& grant) {
    return "client_id=" + form_encode(client_id) + "&client_secret=" + form_encode(secret) +
           "&scope=" + form_encode(scope) + "&grant_type=" + form_encode(grant);
}

std::string test_client::token(const std::string& tenant, const std::string& client_id,
                               const std::string& secret, const std::string& scope) {
    const auto res = post("/" + tenant + "/oauth2/v2.0/token", form_token_body(client_id, secret, scope),
                          "application/x-www-form-urlencoded");
    if (res.result_int() != 200) throw std::runtime_error("token request failed: " + res.body());
    return std::string(parse_json(res.body()).at("access_token").as_string());
}

boost::json::value parse_json(const std::string& body) { return boost::json::parse(body); }

} // namespace cloudsync::cloudsim::testing
