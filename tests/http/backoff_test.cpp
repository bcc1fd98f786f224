#include "http/detail/backoff.hpp"

#include <gtest/gtest.h>

namespace cloudsync::http::detail {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, CeilingDoublesUpToTheCap) {
    const milliseconds base{200}, cap{1'000};
    EXPECT_EQ(backoff_ceiling(base, cap, 1), milliseconds{200});
    EXPECT_EQ(backoff_ceiling(base, cap, 2), milliseconds{400});
    EXPECT_EQ(backoff_ceiling(base, cap, 3), milliseconds{800});
    EXPECT_EQ(backoff_ceiling(base, cap, 4), milliseconds{1'000});
    EXPECT_EQ(backoff_ceiling(base, cap, 1'000'000), milliseconds{1'000}); // no overflow
    EXPECT_EQ(backoff_ceiling(milliseconds{0}, cap, 3), milliseconds{0});
}

TEST(Backoff, FullJitterSpansZeroToCeiling) {
    EXPECT_EQ(full_jitter(milliseconds{800}, 0.0), milliseconds{0});
    EXPECT_EQ(full_jitter(milliseconds{800}, 0.5), milliseconds{400});
    EXPECT_EQ(full_jitter(milliseconds{800}, 1.0), milliseconds{800});
    EXPECT_EQ(full_jitter(milliseconds{800}, 7.0), milliseconds{800}); // clamped
    EXPECT_EQ(full_jitter(milliseconds{800}, -1.0), milliseconds{0});
}

} // namespace
} // namespace cloudsync::http::detail
