// Private to lib/config: validation of cloud endpoint URLs and of the API's
// listen address.
#pragma once

#include "config/detail/reader.hpp"

#include <string>
#include <string_view>

namespace cloudsync::config::detail {

enum class placeholder { none, region };

// Where plain http is acceptable. instance_metadata adds exactly the link-local
// address of Azure's instance metadata service, 169.254.169.254 on port 80 (an
// IP literal: no name a resolver could redirect); only the managed identity
// endpoint takes it.
enum class plain_http { loopback, loopback_or_instance_metadata };

// An absolute https URL, or http when the host is loopback (127.0.0.0/8, ::1,
// localhost); no user info, query or fragment. With placeholder::region the
// text may contain "{region}". Returns the URL without a trailing slash.
std::string read_endpoint(const value& v, placeholder allowed,
                          plain_http http = plain_http::loopback);

// Returns false when `text` is not a URL that read_endpoint would accept and
// describes why in `problem` (for callers checking built-in defaults).
bool check_endpoint(std::string_view text, placeholder allowed, std::string& problem,
                    plain_http http = plain_http::loopback);

// The scheme and authority of an endpoint template with a leading "{region}."
// host label removed ("https://{region}.metrics.monitor.azure.com/x" ->
// "https://metrics.monitor.azure.com"); "" when a placeholder remains.
std::string origin_without_region(std::string_view endpoint_template);

// "host:port", "[v6]:port" or "unix:/absolute/path".
listen_address read_listen(const value& v);

} // namespace cloudsync::config::detail
