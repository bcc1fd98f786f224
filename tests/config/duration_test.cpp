#include "config/duration.hpp"

#include <gtest/gtest.h>

namespace cloudsync::config {
namespace {

std::chrono::seconds ok(std::string_view text) {
    auto parsed = parse_duration(text);
    if (auto* problem = std::get_if<duration_parse_error>(&parsed)) {
        ADD_FAILURE() << text << ": " << problem->problem;
        return std::chrono::seconds(-1);
    }
    return std::get<std::chrono::seconds>(parsed);
}

std::string problem(std::string_view text) {
    auto parsed = parse_duration(text);
    if (auto* p = std::get_if<duration_parse_error>(&parsed))
        return p->problem;
    return "parsed";
}

using namespace std::chrono_literals;

TEST(Duration, ParsesSingleUnits) {
    EXPECT_EQ(ok("90s"), 90s);
    EXPECT_EQ(ok("15m"), 15min);
    EXPECT_EQ(ok("1h"), 1h);
    EXPECT_EQ(ok("30d"), 30 * 24h);
    EXPECT_EQ(ok("0s"), 0s);
}

TEST(Duration, CombinesUnitsLargestFirst) {
    EXPECT_EQ(ok("1h30m"), 90min);
    EXPECT_EQ(ok("1d2h3m4s"), 24h + 2h + 3min + 4s);
    EXPECT_EQ(ok("2m90s"), 210s);
}

TEST(Duration, RejectsGarbage) {
    EXPECT_EQ(problem(""), "empty duration");
    EXPECT_EQ(problem("15"), "missing unit after 15 (use s, m, h or d)");
    EXPECT_EQ(problem("15x"), "unknown unit (use s, m, h or d)");
    EXPECT_EQ(problem("-5m"),
              "expected a number at character 1 (durations look like 15m, 1h30m, 30d)");
    EXPECT_EQ(problem("1.5h"), "unknown unit (use s, m, h or d)");
    EXPECT_EQ(problem("m"),
              "expected a number at character 1 (durations look like 15m, 1h30m, 30d)");
    EXPECT_EQ(problem("30m1h"), "units must go from largest to smallest, each once");
    EXPECT_EQ(problem("1h1h"), "units must go from largest to smallest, each once");
    EXPECT_EQ(problem("1h 30m"),
              "expected a number at character 3 (durations look like 15m, 1h30m, 30d)");
    EXPECT_EQ(problem("3651d"), "duration too large (max 3650d)");
    EXPECT_EQ(problem("99999999999s"), "duration too large (max 3650d)");
}

TEST(Duration, FormatsCanonically) {
    EXPECT_EQ(format_duration(90min), "1h30m");
    EXPECT_EQ(format_duration(0s), "0s");
    EXPECT_EQ(format_duration(30 * 24h), "30d");
    EXPECT_EQ(format_duration(3725s), "1h2m5s");
    for (auto text : {"1d2h3m4s", "45s", "5m", "12h"})
        EXPECT_EQ(format_duration(ok(text)), text);
}

} // namespace
} // namespace cloudsync::config
