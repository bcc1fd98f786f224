// The origin (scheme, host, port) of a URL, to keep bearer tokens on the host
// they were issued for: a nextLink is followed only when its origin is the
// management endpoint's.
#pragma once

#include <string>
#include <string_view>

namespace cloudsync::collectors::azure::detail {

// "scheme://host:port" lower-cased with the default port made explicit, or "" when
// url is not an absolute http(s) URL.
std::string origin_of(std::string_view url);

} // namespace cloudsync::collectors::azure::detail
