#include "http/detail/retry_after.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <string>

namespace cloudsync::http::detail {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

std::optional<int> number(std::string_view s) {
    if (!all_digits(s))
        return std::nullopt;
    int value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return value;
}

std::optional<unsigned> month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned i = 0; i < months.size(); ++i)
        if (months[i] == name)
            return i + 1;
    return std::nullopt;
}

// "HH:MM:SS" as seconds of the day.
std::optional<int> time_of_day(std::string_view s) {
    if (s.size() != 8 || s[2] != ':' || s[5] != ':')
        return std::nullopt;
    auto h = number(s.substr(0, 2)), m = number(s.substr(3, 2)), sec = number(s.substr(6, 2));
    if (!h || !m || !sec || *h > 23 || *m > 59 || *sec > 60)
        return std::nullopt;
    return *h * 3600 + *m * 60 + *sec;
}

// Whole seconds, so any four-digit year fits (a nanosecond time_point holds only
// the years 1678 to 2262).
using seconds_point = std::chrono::sys_seconds;

std::optional<seconds_point> make_time(int year, std::optional<unsigned> month, int day,
                                       std::optional<int> seconds) {
    using namespace std::chrono;
    if (!month || !seconds)
        return std::nullopt;
    const year_month_day ymd{std::chrono::year{year}, std::chrono::month{*month},
                             std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok())
        return std::nullopt;
    return sys_days{ymd} + std::chrono::seconds{*seconds};
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<seconds_point> imf_fixdate(std::string_view s) {
    if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s[25] != ' ' || s.substr(26) != "GMT")
        return std::nullopt;
    auto day = number(s.substr(5, 2)), year = number(s.substr(12, 4));
    if (!day || !year)
        return std::nullopt;
    return make_time(*year, month_number(s.substr(8, 3)), *day, time_of_day(s.substr(17, 8)));
}

// "Sunday, 06-Nov-94 08:49:37 GMT". RFC 9110 section 5.6.7 reads a two-digit
// year more than 50 years ahead as the past century; fixed at 70 here (00-69 are
// 20xx), which agrees with that rule until 2020 + 50 and keeps this pure.
std::optional<seconds_point> rfc850_date(std::string_view s) {
    const auto comma = s.find(", ");
    if (comma == std::string_view::npos)
        return std::nullopt;
    s = s.substr(comma + 2);
    if (s.size() != 22 || s[2] != '-' || s[6] != '-' || s[9] != ' ' || s[18] != ' ' ||
        s.substr(19) != "GMT")
        return std::nullopt;
    auto day = number(s.substr(0, 2)), yy = number(s.substr(7, 2));
    if (!day || !yy)
        return std::nullopt;
    const int year = *yy < 70 ? 2000 + *yy : 1900 + *yy;
    return make_time(year, month_number(s.substr(3, 3)), *day, time_of_day(s.substr(10, 8)));
}

// "Sun Nov  6 08:49:37 1994"
std::optional<seconds_point> asctime_date(std::string_view s) {
    if (s.size() != 24 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[19] != ' ')
        return std::nullopt;
    std::string_view day_text = s.substr(8, 2);
    if (day_text[0] == ' ')
        day_text.remove_prefix(1);
    auto day = number(day_text), year = number(s.substr(20, 4));
    if (!day || !year)
        return std::nullopt;
    return make_time(*year, month_number(s.substr(4, 3)), *day, time_of_day(s.substr(11, 8)));
}

std::optional<seconds_point> http_date(std::string_view text) {
    text = trim(text);
    if (auto t = imf_fixdate(text))
        return t;
    if (auto t = rfc850_date(text))
        return t;
    return asctime_date(text);
}

// Beyond any max_retry_after: absurd waits saturate here instead of overflowing.
constexpr std::chrono::milliseconds far_future = std::chrono::hours{24 * 365 * 100};

} // namespace

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
    using namespace std::chrono;
    const auto date = http_date(text);
    constexpr auto earliest = ceil<seconds>(system_clock::time_point::min());
    constexpr auto latest = floor<seconds>(system_clock::time_point::max());
    if (!date || *date < earliest || *date > latest)
        return std::nullopt;
    return time_point_cast<system_clock::duration>(*date);
}

std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    using namespace std::chrono;
    value = trim(value);
    if (all_digits(value)) {
        if (value.size() > 9)
            return far_future;
        return duration_cast<milliseconds>(seconds{*number(value)});
    }
    const auto date = http_date(value);
    if (!date)
        return std::nullopt;
    // Compared in whole seconds first: a date of year 9999 is a far-future wait,
    // not a nanosecond overflow.
    const auto now_seconds = floor<seconds>(now);
    if (*date <= now_seconds)
        return milliseconds{0};
    if (*date - now_seconds > far_future)
        return far_future;
    // HTTP dates have one-second resolution: round the wait up so it is never short.
    return ceil<milliseconds>(time_point_cast<system_clock::duration>(*date) - now);
}

} // namespace cloudsync::http::detail
