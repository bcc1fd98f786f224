#include "store/detail/hash.hpp"

#include <cstring>

namespace cloudsync::store::detail {
namespace {

constexpr std::uint64_t p1 = 11400714785074694791ULL;
constexpr std::uint64_t p2 = 14029467366897019727ULL;
constexpr std::uint64_t p3 = 1609587929392839161ULL;
constexpr std::uint64_t p4 = 9650029242287828579ULL;
constexpr std::uint64_t p5 = 2870177450012600261ULL;

inline std::uint64_t rotl(std::uint64_t x, int r) noexcept {
    return (x << r) | (x >> (64 - r));
}

inline std::uint64_t read64(const unsigned char* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v; // little-endian host assumed (x86-64, aarch64)
}

inline std::uint32_t read32(const unsigned char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline std::uint64_t round(std::uint64_t acc, std::uint64_t input) noexcept {
    acc += input * p2;
    acc = rotl(acc, 31);
    return acc * p1;
}

inline std::uint64_t merge_round(std::uint64_t acc, std::uint64_t val) noexcept {
    acc ^= round(0, val);
    return acc * p1 + p4;
}

} // namespace

std::uint64_t hash64(std::string_view bytes) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    std::uint64_t h;
    if (bytes.size() >= 32) {
        std::uint64_t v1 = p1 + p2, v2 = p2, v3 = 0, v4 = 0 - p1;
        const auto* limit = end - 32;
        do {
            v1 = round(v1, read64(p));
            v2 = round(v2, read64(p + 8));
            v3 = round(v3, read64(p + 16));
            v4 = round(v4, read64(p + 24));
            p += 32;
        } while (p <= limit);
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = merge_round(h, v1);
        h = merge_round(h, v2);
        h = merge_round(h, v3);
        h = merge_round(h, v4);
    } else {
        h = p5;
    }
    h += bytes.size();
    for (; p + 8 <= end; p += 8)
        h = rotl(h ^ round(0, read64(p)), 27) * p1 + p4;
    if (p + 4 <= end) {
        h = rotl(h ^ (static_cast<std::uint64_t>(read32(p)) * p1), 23) * p2 + p3;
        p += 4;
    }
    for (; p < end; ++p)
        h = rotl(h ^ (*p * p5), 11) * p1;
    h ^= h >> 33;
    h *= p2;
    h ^= h >> 29;
    h *= p3;
    h ^= h >> 32;
    return h;
}

} // namespace cloudsync::store::detail
