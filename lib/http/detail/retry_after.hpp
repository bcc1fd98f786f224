// Parsing of the Retry-After response header (RFC 9110 section 10.2.3): either
// delta-seconds or an HTTP-date in any of the three formats a recipient must
// accept (IMF-fixdate, obsolete RFC 850, asctime). Pure, no clock of its own.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace cloudsync::http::detail {

// The wait the header asks for, measured from now; a date in the past is a zero
// wait, an absurd one (more than 9 digits, a date a century ahead) 100 years.
// nullopt when the value is malformed (the caller then uses its backoff).
std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

// An HTTP-date as a time point, or nullopt when it is none of the three formats
// or outside the years a system_clock time point holds (1678 to 2262).
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

} // namespace cloudsync::http::detail
