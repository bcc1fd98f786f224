#include "api/detail/auth_failures.hpp"

#include <gtest/gtest.h>

namespace cloudsync::api::detail {
namespace {

using namespace std::chrono_literals;
using clock = auth_failures::clock;

TEST(AuthFailures, AnAddressIsRefusedUntilItsWindowEndsAndOthersAreNot) {
    auth_failures failures(3, 60s);
    const auto start = clock::time_point{} + 1000s;
    for (int i = 0; i < 2; ++i)
        failures.rejected("10.0.0.1", start + std::chrono::seconds(i));
    EXPECT_EQ(failures.refused_for("10.0.0.1", start + 2s), 0s) << "two of three allowed";
    failures.rejected("10.0.0.1", start + 2s);
    EXPECT_EQ(failures.refused_for("10.0.0.1", start + 2s), 58s);
    EXPECT_EQ(failures.refused_for("10.0.0.1", start + 59500ms), 1s) << "rounded up";
    EXPECT_EQ(failures.refused_for("10.0.0.2", start + 2s), 0s);
    EXPECT_EQ(failures.refused_for("10.0.0.1", start + 60s), 0s) << "the window has passed";
    // A new window starts with the next rejection.
    failures.rejected("10.0.0.1", start + 61s);
    EXPECT_EQ(failures.refused_for("10.0.0.1", start + 61s), 0s);
}

TEST(AuthFailures, RejectionsSpreadBeyondTheWindowNeverAddUp) {
    auth_failures failures(3, 60s);
    const auto start = clock::time_point{} + 1000s;
    for (int i = 0; i < 10; ++i)
        failures.rejected("10.0.0.1", start + std::chrono::seconds(i * 40));
    EXPECT_EQ(failures.refused_for("10.0.0.1", start + 400s), 0s);
}

TEST(AuthFailures, AFloodOfAddressesStaysBounded) {
    auth_failures failures(1, 60s, 100);
    const auto now = clock::time_point{} + 1000s;
    for (int i = 0; i < 1000; ++i)
        failures.rejected("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), now);
    // The most recent address is still held; the table did not grow past 100.
    EXPECT_GT(failures.refused_for("10.0.3.231", now), 0s);
    // The first addresses, all still in their window, were let go to keep the
    // bound: an unbounded table would still refuse them.
    EXPECT_EQ(failures.refused_for("10.0.0.0", now), 0s);
    EXPECT_EQ(failures.refused_for("10.0.0.99", now), 0s);
}

} // namespace
} // namespace cloudsync::api::detail
