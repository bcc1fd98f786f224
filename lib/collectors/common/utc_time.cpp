#include "collectors/common/utc_time.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace cloudsync::collectors::common {

namespace {

namespace chr = std::chrono;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads exactly `width` digits at text[pos]; nullopt otherwise (a sign too:
// from_chars alone took "-6" for an hour).
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size() ||
        !std::all_of(text.begin() + pos, text.begin() + pos + width, is_digit))
        return std::nullopt;
    int value = 0;
    const char* first = text.data() + pos;
    const auto [end, ec] = std::from_chars(first, first + width, value);
    if (ec != std::errc() || end != first + width)
        return std::nullopt;
    return value;
}

// The offset suffix ("Z", "+hh:mm", "-hh:mm"); nullopt when malformed.
std::optional<chr::minutes> offset_of(std::string_view zone) {
    if (zone == "Z" || zone == "z")
        return chr::minutes(0);
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':')
        return std::nullopt;
    const auto h = digits(zone, 1, 2);
    const auto m = digits(zone, 4, 2);
    if (!h || !m || *h > 23 || *m > 59)
        return std::nullopt;
    const chr::minutes magnitude(*h * 60 + *m);
    return zone[0] == '+' ? magnitude : -magnitude;
}

} // namespace

std::optional<time_point> parse_utc(std::string_view text) {
    // 0123456789012345678
    // YYYY-MM-DDTHH:MM:SS
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
    const auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 60)
        return std::nullopt;
    const chr::year_month_day date{chr::year(*y), chr::month(static_cast<unsigned>(*mo)),
                                   chr::day(static_cast<unsigned>(*d))};
    if (!date.ok())
        return std::nullopt;
    std::size_t pos = 19;
    chr::nanoseconds fraction(0);
    if (text[pos] == '.') {
        ++pos;
        const std::size_t first = pos;
        std::int64_t scale = 100'000'000;
        while (pos < text.size() && is_digit(text[pos])) {
            fraction += chr::nanoseconds((text[pos] - '0') * scale);
            scale /= 10;
            ++pos;
        }
        if (pos == first)
            return std::nullopt;
    }
    const auto offset = offset_of(text.substr(pos));
    if (!offset)
        return std::nullopt;
    // In whole seconds first: any four-digit year fits there, while a nanosecond
    // time_point holds only the years 1678 to 2262 (beyond, the cast overflowed).
    const auto utc =
        chr::sys_days(date) + chr::hours(*h) + chr::minutes(*mi) + chr::seconds(*s) - *offset;
    constexpr auto earliest = chr::ceil<chr::seconds>(time_point::min());
    constexpr auto latest = chr::floor<chr::seconds>(time_point::max()) - chr::seconds(1);
    if (utc < earliest || utc > latest)
        return std::nullopt;
    return chr::time_point_cast<time_point::duration>(utc) + fraction;
}

std::string format_utc(time_point t) {
    const auto seconds = chr::floor<chr::seconds>(t);
    const auto days = chr::floor<chr::days>(seconds);
    const chr::year_month_day date(days);
    const chr::hh_mm_ss time(seconds - days);
    char out[32];
    const int n = std::snprintf(
        out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
        static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count()));
    return std::string(out, static_cast<std::size_t>(n));
}

metric_window window_ending(time_point now, std::chrono::seconds lookback) {
    const auto end = chr::floor<chr::minutes>(now);
    auto minutes = chr::floor<chr::minutes>(lookback);
    if (minutes < chr::minutes(1))
        minutes = chr::minutes(1);
    return {time_point(end - minutes), time_point(end)};
}

} // namespace cloudsync::collectors::common
