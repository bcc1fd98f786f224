#include "api/detail/response.hpp"

#include "api/render.hpp"

#include <boost/beast/http/status.hpp>

#include <charconv>
#include <ctime>

namespace cloudsync::api::detail {
namespace {

// The IMF-fixdate of the current second, formatted once per second per thread.
std::string_view http_date() noexcept {
    thread_local std::time_t cached_second = -1;
    thread_local char text[40];
    thread_local std::size_t length = 0;
    const std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cached_second = now;
    }
    return {text, length};
}

void append_number(std::string& out, std::size_t value) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, end);
}

} // namespace

std::string_view to_string(route value) noexcept {
    switch (value) {
    case route::healthz:
        return "/healthz";
    case route::status:
        return "/status";
    case route::sync:
        return "/sync";
    case route::runs:
        return "/runs";
    case route::metrics:
        return "/metrics";
    case route::instances:
        return "/instances";
    case route::unknown:
        break;
    }
    return "unknown";
}

response json_error(unsigned status, std::string_view message, route label) {
    response res;
    res.status = status;
    res.body = error_body(message);
    res.label = label;
    return res;
}

void serialize_head(const response& res, unsigned version, bool keep_alive, std::string& out) {
    namespace http = boost::beast::http;
    out.clear();
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    append_number(out, res.status);
    out += ' ';
    out += http::obsolete_reason(http::int_to_status(res.status));
    out += "\r\nDate: ";
    out += http_date();
    out += "\r\nContent-Type: ";
    out += res.content_type;
    out += "\r\nContent-Length: ";
    append_number(out, res.body.size());
    if (!res.allow.empty()) {
        out += "\r\nAllow: ";
        out += res.allow;
    }
    if (res.authenticate)
        out += "\r\nWWW-Authenticate: Bearer realm=\"cloudsync\"";
    if (res.retry_after != 0) {
        out += "\r\nRetry-After: ";
        append_number(out, res.retry_after);
    }
    if (!keep_alive)
        out += "\r\nConnection: close";
    else if (version == 10)
        out += "\r\nConnection: keep-alive";
    out += "\r\n\r\n";
}

} // namespace cloudsync::api::detail
