// Splitting an absolute request URL into what a connection and a request line
// need, and the loopback rule for plain http://. Pure functions, no I/O: the
// loopback decision is made on the URL text alone, before any DNS lookup.
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace cloudsync::http::detail {

struct url_parts {
    bool tls = true;         // https
    std::string scheme;      // "http" or "https", lower case
    std::string host;        // lower case; IPv6 without brackets
    std::string port;        // explicit or the scheme's default
    std::string host_header; // host[:port] as sent in Host (port only when not default)
    std::string target;      // path and query for the request line, "/" at least
    std::string redacted;    // scheme://host[:port]/path, no query: safe for logs and errors
    bool ip_literal = false; // host is an IPv4/IPv6 address (no SNI for those)

    // Connections are pooled per (scheme, host, port).
    std::string pool_key() const { return scheme + "://" + host + ":" + port; }
};

// True for "localhost", 127.0.0.0/8 and ::1 (host as in url_parts::host).
bool is_loopback_host(std::string_view host) noexcept;

// Parses url; the error text (never containing the query) says what is wrong:
// not absolute, a scheme other than http/https, no host, userinfo present,
// plain http to a host that is not loopback (or, with allow_instance_metadata,
// the link-local metadata address 169.254.169.254 on port 80, compared as an IP
// literal so no DNS answer can redirect it).
boost::system::result<url_parts, std::string> split_url(std::string_view url,
                                                        bool allow_instance_metadata = false);

} // namespace cloudsync::http::detail
