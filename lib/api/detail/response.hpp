// An API response before it hits the wire, and its serialization. Responses
// are written by hand (status line + a handful of headers into a reused
// buffer) rather than through beast::http::response: the hot routes then cost
// no allocation beyond the body, which matters for the 20k req/s target.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cloudsync::api::detail {

// The `route` label of cloudsync_api_requests_total.
enum class route : std::uint8_t { healthz, status, sync, runs, metrics, instances, unknown };
inline constexpr std::size_t route_count = 7;
std::string_view to_string(route value) noexcept;

struct response {
    unsigned status = 200;
    std::string body;
    std::string_view content_type = "application/json";
    std::string_view allow;    // Allow: header (405)
    bool authenticate = false; // WWW-Authenticate: Bearer (401)
    unsigned retry_after = 0;  // Retry-After: seconds (429), when not 0
    bool close = false;        // close the connection after this response
    route label = route::unknown;
};

// {"error": message} with the given status.
response json_error(unsigned status, std::string_view message, route label);

// Status line and headers (ending with the blank line) for `res` into `out`,
// which is cleared first so its capacity is reused. version is 10 or 11.
void serialize_head(const response& res, unsigned version, bool keep_alive, std::string& out);

} // namespace cloudsync::api::detail
