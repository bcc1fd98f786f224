// The config's duration syntax: one or more <integer><unit> groups, units d, h,
// m, s, each at most once and from largest to smallest ("1h30m", "90s", "30d").
// No sign, no spaces, no fractions. Also used for command-line options.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace cloudsync::config {

struct duration_parse_error {
    std::string problem; // lower case, e.g. "missing unit after 15 (use s, m, h or d)"
};

// Returns the duration, or a problem description. Zero ("0s") is returned as
// zero; callers decide whether zero is allowed. Durations above 3650d are
// rejected (they are typos, and stay far from overflow).
std::variant<std::chrono::seconds, duration_parse_error> parse_duration(std::string_view text);

// The canonical spelling: "1h30m", "30d", "0s".
std::string format_duration(std::chrono::seconds value);

} // namespace cloudsync::config
