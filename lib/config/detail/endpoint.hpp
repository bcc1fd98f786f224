// Private to lib/config: validation of cloud endpoint URLs and of the API's
// listen address.
#pragma once

#include "config/detail/reader.hpp"

#include <string>
#include <string_view>

namespace cloudsync::config::detail {

enum class placeholder { none, region };

// An absolute https URL, or http when the host is loopback (127.0.0.0/8, ::1,
// localhost); no user info, query or fragment. With placeholder::region the
// text may contain "{region}". Returns the URL without a trailing slash.
std::string read_endpoint(const value& v, placeholder allowed);

// Returns false when `text` is not a URL that read_endpoint would accept and
// describes why in `problem` (for callers checking built-in defaults).
bool check_endpoint(std::string_view text, placeholder allowed, std::string& problem);

// "host:port", "[v6]:port" or "unix:/absolute/path".
listen_address read_listen(const value& v);

} // namespace cloudsync::config::detail
