#include "http/detail/retry_after.hpp"

#include <gtest/gtest.h>

namespace cloudsync::http::detail {
namespace {

using namespace std::chrono;

// 1994-11-06 08:49:37 UTC, the RFC's example instant.
const system_clock::time_point example = sys_days{year{1994} / November / 6} + 8h + 49min + 37s;

TEST(ParseRetryAfter, DeltaSeconds) {
    EXPECT_EQ(parse_retry_after("120", example), milliseconds{120'000});
    EXPECT_EQ(parse_retry_after(" 0 ", example), milliseconds{0});
    EXPECT_GT(*parse_retry_after("99999999999999", example), hours{24 * 365});
}

TEST(ParseRetryAfter, ThreeDateFormatsAgree) {
    for (const char* text : {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                             "Sun Nov  6 08:49:37 1994"}) {
        auto when = parse_http_date(text);
        ASSERT_TRUE(when) << text;
        EXPECT_EQ(*when, example) << text;
    }
}

TEST(ParseRetryAfter, DateInTheFutureAndPast) {
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", example), milliseconds{30'000});
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:36 GMT", example), milliseconds{0});
    // Sub-second "now" rounds the wait up, never down.
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:38 GMT", example + 250ms),
              milliseconds{750});
}

TEST(ParseRetryAfter, MalformedIsNullopt) {
    for (const char* text : {"", "soon", "-5", "1.5", "Sun, 06 Nov 1994 08:49:37 UTC",
                             "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
                             "Sun, 06 Nov 1994 25:49:37 GMT", "12abc"})
        EXPECT_FALSE(parse_retry_after(text, example)) << text;
}

// Found by fuzz_retry_after: a year the nanosecond clock cannot hold overflowed
// (undefined behaviour) instead of being a far-future wait.
TEST(ParseRetryAfter, DatesBeyondTheClocksRangeSaturate) {
    for (const char* text : {"Fri, 31 Dec 9999 23:59:59 GMT", "Sun Nov  6 08:49:37 5994"})
        EXPECT_GT(*parse_retry_after(text, example), hours{24 * 365 * 99}) << text;
    EXPECT_EQ(parse_retry_after("Mon, 01 Jan 0001 00:00:00 GMT", example), milliseconds{0});
    EXPECT_FALSE(parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"));
    EXPECT_FALSE(parse_http_date("Mon, 01 Jan 0001 00:00:00 GMT"));
    EXPECT_TRUE(parse_http_date("Fri, 31 Dec 2260 23:59:59 GMT"));
}

} // namespace
} // namespace cloudsync::http::detail
