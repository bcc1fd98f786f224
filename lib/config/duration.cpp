#include "config/duration.hpp"

#include <array>
#include <cstdint>

namespace cloudsync::config {
namespace {

struct unit {
    char letter;
    std::int64_t seconds;
};
constexpr std::array<unit, 4> units{{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};
constexpr std::int64_t max_seconds = 3650LL * 86400;

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

} // namespace

std::variant<std::chrono::seconds, duration_parse_error> parse_duration(std::string_view text) {
    if (text.empty())
        return duration_parse_error{"empty duration"};
    std::int64_t total = 0;
    std::size_t next_unit = 0; // units must appear from largest to smallest, once each
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i]))
            return duration_parse_error{"expected a number at character " + std::to_string(i + 1) +
                                        " (durations look like 15m, 1h30m, 30d)"};
        std::int64_t number = 0;
        std::size_t digits = 0;
        for (; i < text.size() && is_digit(text[i]); ++i, ++digits) {
            if (digits >= 10)
                return duration_parse_error{"duration too large (max 3650d)"};
            number = number * 10 + (text[i] - '0');
        }
        if (i == text.size())
            return duration_parse_error{"missing unit after " + std::to_string(number) +
                                        " (use s, m, h or d)"};
        std::size_t u = next_unit;
        while (u < units.size() && units[u].letter != text[i])
            ++u;
        if (u == units.size()) {
            bool known = false;
            for (const auto& candidate : units)
                known = known || candidate.letter == text[i];
            return duration_parse_error{known ? "units must go from largest to smallest, each once"
                                              : "unknown unit (use s, m, h or d)"};
        }
        total += number * units[u].seconds;
        if (total > max_seconds)
            return duration_parse_error{"duration too large (max 3650d)"};
        next_unit = u + 1;
        ++i;
    }
    return std::chrono::seconds(total);
}

std::string format_duration(std::chrono::seconds value) {
    std::int64_t left = value.count();
    if (left == 0)
        return "0s";
    std::string text;
    if (left < 0) {
        text = "-";
        left = -left;
    }
    for (const auto& u : units) {
        if (left >= u.seconds) {
            text += std::to_string(left / u.seconds);
            text += u.letter;
            left %= u.seconds;
        }
    }
    return text;
}

} // namespace cloudsync::config
