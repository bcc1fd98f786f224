// A directory over a vector sorted by a 64-bit hash key: the key's top bits
// index where their bucket starts, so a lookup reads the directory and one
// short run of the vector. A binary search over a million entries takes twenty
// steps, and the last ten or so each miss the cache: looking up every record of
// an unchanged resync that way was 6% of its CPU. The keys need not be
// uniform for correctness (a crowded bucket is searched by bisection), only
// for speed; hashes are.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cloudsync {

class hash_directory {
public:
    // Indexes [0, size) of a vector sorted by key_at(i), ascending (size below
    // 2^32). At most one bucket per entry and 2^24 buckets, 4 bytes each.
    template <class KeyAt> void build(std::size_t size, KeyAt key_at) {
        // floor(log2(size)) bits: between one and two entries a bucket.
        const int bits = size <= 1 ? 0 : std::min(24, static_cast<int>(std::bit_width(size)) - 1);
        shift_ = 64 - bits;
        const std::size_t buckets = std::size_t{1} << bits;
        starts_.assign(buckets + 1, 0);
        std::size_t at = 0;
        for (std::size_t bucket = 0; bucket <= buckets; ++bucket) {
            while (at < size && bucket_of(key_at(at)) < bucket)
                ++at;
            starts_[bucket] = static_cast<std::uint32_t>(at);
        }
    }

    // The positions [first, last) of the entries whose key may equal `key`
    // (those of its bucket); search them with the vector's own order.
    std::pair<std::size_t, std::size_t> bucket(std::uint64_t key) const noexcept {
        if (starts_.empty())
            return {0, 0};
        const auto b = bucket_of(key);
        return {starts_[b], starts_[b + 1]};
    }

    std::size_t memory_bytes() const noexcept { return starts_.capacity() * sizeof(std::uint32_t); }

private:
    std::size_t bucket_of(std::uint64_t key) const noexcept {
        return shift_ >= 64 ? 0 : static_cast<std::size_t>(key >> shift_);
    }

    int shift_ = 64;
    std::vector<std::uint32_t> starts_;
};

} // namespace cloudsync
