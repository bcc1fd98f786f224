// Deterministic hashing for the generated inventory: every property of a fake
// resource is a pure function of (seed, subscription, index, salt), so nothing
// per resource is stored and the same seed always yields the same bytes.
#pragma once

#include <cstdint>
#include <string>

namespace cloudsync::cloudsim::detail {

// splitmix64 finalizer: a bijective, well-mixed 64-bit hash.
constexpr std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr std::uint64_t hash(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0,
                             std::uint64_t d = 0) {
    return mix(mix(mix(mix(a) ^ b) ^ c) ^ d);
}

// A lower-case 8-4-4-4-12 GUID built from two hashes (version-4 layout bits set).
std::string guid(std::uint64_t high, std::uint64_t low);
// The same 36 characters appended to out (no allocation of its own).
void append_guid(std::string& out, std::uint64_t high, std::uint64_t low);

} // namespace cloudsync::cloudsim::detail
