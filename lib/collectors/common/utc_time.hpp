// UTC timestamps as the clouds' APIs write them (RFC 3339 / ISO 8601:
// "2023-02-01T20:00:00Z", "2023-02-01T20:00:00.123Z", Cloud Monitoring's
// nanoseconds "...:58.431731123Z", "...+00:00") and as their query strings want
// them, plus the whole-minute query window every metrics collector reads. No
// time zone database: only UTC and numeric offsets occur in these APIs.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::collectors::common {

using time_point = std::chrono::system_clock::time_point;

// nullopt when text is not "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)", names an
// impossible date or time, or one outside the years the clock holds (1678 to
// 2262). Fractions finer than the clock's resolution are cut.
std::optional<time_point> parse_utc(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" (whole seconds, the form the metrics API takes).
std::string format_utc(time_point t);

// The query window [start, end] of one metrics collection: end is `now` rounded
// down to a whole minute, start is `lookback` (itself rounded down to whole
// minutes, at least one) before end. Successive windows overlap when the
// collector runs more often than the lookback; samples are keyed by timestamp,
// so an overlap repeats keys and never duplicates rows.
struct metric_window {
    time_point start;
    time_point end;
};
metric_window window_ending(time_point now, std::chrono::seconds lookback);

} // namespace cloudsync::collectors::common
