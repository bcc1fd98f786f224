#include "config/detail/endpoint.hpp"

#include "core/text.hpp"

#include <boost/url/grammar/parse.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/ipv4_address_rule.hpp>
#include <boost/url/rfc/ipv6_address_rule.hpp>

#include <algorithm>
#include <cctype>

namespace cloudsync::config::detail {
namespace {

constexpr std::string_view region_token = "{region}";

// Replaces "{region}" by a sample so the text can be parsed as a URL.
bool expand_region(std::string_view text, placeholder allowed, std::string& expanded,
                   std::string& problem) {
    expanded.clear();
    for (std::size_t i = 0; i < text.size();) {
        if (text.substr(i, region_token.size()) == region_token) {
            if (allowed != placeholder::region) {
                problem = "this endpoint takes no {region} placeholder";
                return false;
            }
            expanded += "region";
            i += region_token.size();
        } else if (text[i] == '{' || text[i] == '}') {
            problem = "unknown placeholder (only {region} is supported)";
            return false;
        } else {
            expanded += text[i++];
        }
    }
    return true;
}

bool is_loopback(const boost::urls::url_view& url) {
    switch (url.host_type()) {
    case boost::urls::host_type::ipv4:
        return url.host_ipv4_address().to_bytes()[0] == 127;
    case boost::urls::host_type::ipv6:
        return url.host_ipv6_address().is_loopback();
    case boost::urls::host_type::name:
        return to_lower(url.encoded_host()) == "localhost";
    default:
        return false;
    }
}

bool is_instance_metadata(const boost::urls::url_view& url) {
    if (url.host_type() != boost::urls::host_type::ipv4)
        return false;
    const auto bytes = url.host_ipv4_address().to_bytes();
    const bool port_ok = !url.has_port() || url.port() == "80";
    return bytes[0] == 169 && bytes[1] == 254 && bytes[2] == 169 && bytes[3] == 254 && port_ok;
}

bool plain_http_allowed(const boost::urls::url_view& url, plain_http http) {
    return is_loopback(url) ||
           (http == plain_http::loopback_or_instance_metadata && is_instance_metadata(url));
}

std::string plain_http_problem(plain_http http) {
    if (http == plain_http::loopback_or_instance_metadata)
        return "http is only allowed for a loopback host (127.0.0.0/8, ::1, localhost) or the "
               "instance metadata address 169.254.169.254 on port 80; use https";
    return "http is only allowed for a loopback host (127.0.0.0/8, ::1, localhost); use https";
}

} // namespace

std::string origin_without_region(std::string_view endpoint_template) {
    const auto scheme_end = endpoint_template.find("://");
    if (scheme_end == std::string_view::npos)
        return {};
    auto authority = endpoint_template.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find('/'));
    if (authority.substr(0, region_token.size() + 1) == std::string(region_token) + ".")
        authority.remove_prefix(region_token.size() + 1);
    if (authority.empty() || authority.find_first_of("{}") != std::string_view::npos)
        return {};
    return std::string(endpoint_template.substr(0, scheme_end + 3)) + std::string(authority);
}

bool check_endpoint(std::string_view text, placeholder allowed, std::string& problem,
                    plain_http http) {
    std::string expanded;
    if (!expand_region(text, allowed, expanded, problem))
        return false;
    auto parsed = boost::urls::parse_absolute_uri(expanded);
    if (!parsed) {
        problem = "not an absolute url (expected https://host[:port][/path])";
        return false;
    }
    const auto& url = *parsed;
    auto scheme = to_lower(url.scheme());
    if (scheme != "https" && scheme != "http") {
        problem = "unsupported scheme '" + scheme + "' (use https)";
        return false;
    }
    if (!url.has_authority() || url.encoded_host().empty())
        problem = "url has no host";
    else if (url.has_userinfo())
        problem = "url must not contain user info";
    else if (url.has_query() || url.has_fragment())
        problem = "url must not have a query or fragment";
    else if (scheme == "http" && !plain_http_allowed(url, http))
        problem = plain_http_problem(http);
    else
        return true;
    return false;
}

std::string read_endpoint(const value& v, placeholder allowed, plain_http http) {
    auto text = v.as_nonempty_string();
    std::string problem;
    if (!check_endpoint(text, allowed, problem, http))
        v.fail(problem);
    while (!text.empty() && text.back() == '/')
        text.pop_back();
    return text;
}

namespace {

listen_address read_unix_listen(const value& v, const std::string& text) {
    listen_address result;
    result.kind = listen_address::family::unix_socket;
    result.host.clear();
    result.port = 0;
    result.path = text.substr(5);
    if (result.path.empty() || result.path[0] != '/')
        v.fail("unix socket path must be absolute (unix:/run/cloudsync/api.sock)");
    if (result.path.size() > 107) // sun_path holds 108 bytes with the terminator
        v.fail("unix socket path longer than 107 bytes");
    return result;
}

} // namespace

listen_address read_listen(const value& v) {
    auto text = v.as_nonempty_string();
    if (text.rfind("unix:", 0) == 0)
        return read_unix_listen(v, text);
    auto colon = text.rfind(':');
    if (colon == std::string::npos)
        v.fail("expected host:port, [ipv6]:port or unix:/path");
    auto host = text.substr(0, colon);
    auto port = text.substr(colon + 1);
    // Only what bind() takes without a resolver: an IP literal or localhost.
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
        if (!boost::urls::grammar::parse(host, boost::urls::ipv6_address_rule))
            v.fail("'" + host + "' is not an ipv6 address");
    } else if (host != "localhost" &&
               !boost::urls::grammar::parse(host, boost::urls::ipv4_address_rule)) {
        v.fail("host must be an ipv4 address, [ipv6] address or localhost");
    }
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoul(port) > 65535)
        v.fail("port must be a number from 0 to 65535");
    listen_address result;
    result.host = host;
    result.port = static_cast<std::uint16_t>(std::stoul(port));
    return result;
}

} // namespace cloudsync::config::detail
