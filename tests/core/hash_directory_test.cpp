#include "core/hash_directory.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace cloudsync {
namespace {

// Every key of the vector is found in its bucket; keys not in it are not.
void expect_finds_exactly(std::vector<std::uint64_t> keys, const std::vector<std::uint64_t>& absent) {
    std::sort(keys.begin(), keys.end());
    hash_directory directory;
    directory.build(keys.size(), [&](std::size_t at) { return keys[at]; });
    const auto found = [&](std::uint64_t key) {
        const auto [first, last] = directory.bucket(key);
        EXPECT_LE(first, last);
        EXPECT_LE(last, keys.size());
        return std::binary_search(keys.begin() + first, keys.begin() + last, key);
    };
    for (const auto key : keys)
        EXPECT_TRUE(found(key)) << key;
    for (const auto key : absent)
        EXPECT_FALSE(found(key)) << key;
}

TEST(HashDirectory, FindsUniformKeys) {
    std::mt19937_64 random(7);
    std::vector<std::uint64_t> keys(100'000);
    for (auto& key : keys)
        key = random();
    std::vector<std::uint64_t> absent;
    for (int i = 0; i < 1000; ++i)
        absent.push_back(random()); // a clash with 100,000 others: about 1 in 10^14
    expect_finds_exactly(keys, absent);
}

TEST(HashDirectory, SkewedKeysAndEdgesStayCorrect) {
    // Small keys all fall in bucket 0; extremes and duplicates are kept.
    expect_finds_exactly({0, 1, 2, 3, 3, 3, ~0ULL, ~0ULL - 1, 1ULL << 63}, {4, 5, (1ULL << 63) + 1});
    expect_finds_exactly({42}, {0, 41, 43, ~0ULL});
    expect_finds_exactly({}, {0, 1, ~0ULL});
}

} // namespace
} // namespace cloudsync
