// URL and id text every provider's collectors share: the origin a bearer token
// or signature may be sent to, the path of a URL for messages (never its query,
// which may carry tokens), and the last segment of a resource id. No parsing of
// API bodies here.
#pragma once

#include <string>
#include <string_view>

namespace cloudsync::collectors::common {

// "scheme://host:port" lower-cased with the default port made explicit, or ""
// when url is not an absolute http(s) URL.
std::string origin_of(std::string_view url);

// The path of a URL without scheme, host and query ("/subscriptions/x/..."),
// for messages.
std::string url_path(std::string_view url);

// What follows the last '/' of a resource id (ARM id, GCP resource name, ARN
// path): the resource's name when the API gives none.
std::string last_segment(std::string_view id);

} // namespace cloudsync::collectors::common
