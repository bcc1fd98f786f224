// Times in the sim's answers and requests: RFC 3339 UTC as the Azure metrics
// and Cloud Monitoring routes read and write them, as seconds since the epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim::detail {

// "2023-02-01T20:00:00Z", "...:00.123Z" (any number of fraction digits, cut)
// or "...+00:00" -> seconds since the epoch; nullopt for anything else.
std::optional<std::int64_t> parse_time(std::string_view text);

// "2023-02-01T20:00:00Z".
std::string format_time(std::int64_t seconds);

} // namespace cloudsync::cloudsim::detail
