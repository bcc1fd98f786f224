// Private to lib/auth/aws: the URL pieces SigV4 signs — splitting an absolute
// URL by hand (Boost.URL rejects the raw spaces and UTF-8 some test-suite
// requests carry, and signing must see the path exactly as given), and the
// canonical URI and query string. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace cloudsync::auth::aws::detail {

struct url_pieces {
    std::string_view scheme;    // as written
    std::string_view authority; // host[:port] (no user info allowed)
    std::string_view path;      // "" or "/..."
    std::string_view query;     // after '?', without it; fragment dropped
};

// Throws auth_error naming the URL without its query when it is not an absolute
// http(s) URL with a host.
url_pieces split_url(std::string_view url);

// host[:port] as http::client sends it in Host: host lower case, the port only
// when it is not the scheme's default.
std::string host_header(const url_pieces& url);

// RFC 3986 unreserved bytes as they are, every other byte %XX (upper-case hex);
// '/' kept when keep_slash.
std::string uri_encode(std::string_view text, bool keep_slash);

// The canonical URI (see sigv4.hpp): normalized and encoded as written for
// every service but S3; for S3 each segment decoded once and re-encoded.
std::string canonical_uri(std::string_view path, bool s3);

// Names and values decoded then re-encoded, sorted by name then value.
std::string canonical_query(std::string_view query);

} // namespace cloudsync::auth::aws::detail
