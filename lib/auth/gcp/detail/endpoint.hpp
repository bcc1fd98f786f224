// Private to lib/auth/gcp: the checks on the URLs the GCP credentials call.
// Configured endpoints were checked by config already; a key file's token_uri
// was not, so every credential checks what it will call when it is built, and
// fails with a clear auth_error instead of a transport error at first use.
#pragma once

#include <string>
#include <string_view>

namespace cloudsync::auth::gcp::detail {

// An absolute https URL, or http to a loopback host (127.0.0.0/8, ::1,
// localhost: tests and cloudsim), without user info or fragment. Returns url
// as is. Throws auth_error "{what}: ..." otherwise (the URL is not a secret and
// is named).
std::string checked_token_url(std::string_view url, std::string_view what);

// The metadata server base ("http://metadata.google.internal" or a loopback
// test server), without trailing slashes, as the URL to send to:
// metadata.google.internal becomes its documented fixed address 169.254.169.254
// (see metadata_server_credential.hpp). Plain http is allowed for that name,
// that address and loopback only; no path, query or fragment. Throws
// auth_error "{what}: ..." otherwise.
struct metadata_base {
    std::string url;         // where requests go
    bool link_local = false; // url is http://169.254.169.254 (the request must opt in)
};
metadata_base checked_metadata_base(std::string_view base, std::string_view what);

} // namespace cloudsync::auth::gcp::detail
