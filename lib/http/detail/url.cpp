#include "http/detail/url.hpp"

#include "core/text.hpp"

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>

namespace cloudsync::http::detail {
namespace {

// The URL up to (not including) '?' or '#': the query may carry signatures.
std::string without_query(std::string_view url) {
    return std::string(url.substr(0, url.find_first_of("?#")));
}

} // namespace

bool is_loopback_host(std::string_view host) noexcept {
    if (to_lower(host) == "localhost")
        return true;
    if (auto v4 = boost::urls::parse_ipv4_address(host))
        return (v4->to_uint() >> 24) == 127;
    if (auto v6 = boost::urls::parse_ipv6_address(host))
        return v6->is_loopback();
    return false;
}

boost::system::result<url_parts, std::string> split_url(std::string_view url,
                                                        bool allow_instance_metadata) {
    const std::string shown = without_query(url);
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed)
        return "invalid URL " + shown + ": " + parsed.error().message();
    const auto& u = *parsed;
    url_parts parts;
    parts.scheme = to_lower(u.scheme());
    if (parts.scheme != "http" && parts.scheme != "https")
        return "unsupported scheme in URL " + shown + " (only http and https)";
    parts.tls = parts.scheme == "https";
    if (u.has_userinfo())
        return "URL " + shown + " must not carry userinfo";
    switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
        parts.host = u.host_ipv4_address().to_string();
        parts.ip_literal = true;
        break;
    case boost::urls::host_type::ipv6:
        parts.host = u.host_ipv6_address().to_string();
        parts.ip_literal = true;
        break;
    case boost::urls::host_type::name:
        parts.host = to_lower(u.encoded_host_name());
        if (parts.host.find('%') != std::string::npos)
            return "URL " + shown + " has a percent-encoded host";
        break;
    default:
        break;
    }
    if (parts.host.empty())
        return "URL " + shown + " has no host";
    const std::string default_port = parts.tls ? "443" : "80";
    parts.port = u.has_port() && !u.port().empty() ? std::string(u.port()) : default_port;
    const bool metadata = allow_instance_metadata && parts.ip_literal &&
                          parts.host == "169.254.169.254" && parts.port == "80";
    if (!parts.tls && !is_loopback_host(parts.host) && !metadata)
        return "plain http is allowed only to loopback hosts, not " + shown;
    if (parts.port.size() > 5 || std::stoul(parts.port) == 0 || std::stoul(parts.port) > 65535)
        return "URL " + shown + " has an invalid port";
    const std::string bracketed =
        u.host_type() == boost::urls::host_type::ipv6 ? "[" + parts.host + "]" : parts.host;
    parts.host_header = parts.port == default_port ? bracketed : bracketed + ":" + parts.port;
    std::string path(u.encoded_path());
    // Boost.URL 1.81 reads "https://host:.com/x" as port "" and path ".com/x"
    // (found by fuzz_url): such a path would make a malformed request line.
    if (!path.empty() && path.front() != '/')
        return "URL " + shown + " has an invalid port or path";
    if (path.empty())
        path = "/";
    parts.redacted = parts.scheme + "://" + parts.host_header + path;
    parts.target = path;
    if (u.has_query())
        parts.target += "?" + std::string(u.encoded_query());
    return parts;
}

} // namespace cloudsync::http::detail
