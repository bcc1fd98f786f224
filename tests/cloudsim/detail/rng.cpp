#include "cloudsim/detail/rng.hpp"

namespace cloudsync::cloudsim::detail {

namespace {

void append_hex(std::string& out, std::uint64_t value, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out.push_back(hex[(value >> shift) & 0xf]);
    }
}

} // namespace

std::string guid(std::uint64_t high, std::uint64_t low) {
    std::string out;
    out.reserve(36);
    append_guid(out, high, low);
    return out;
}

void append_guid(std::string& out, std::uint64_t high, std::uint64_t low) {
    high = (high & ~0xf000ULL) | 0x4000ULL;                       // version 4
    low = (low & ~(0xcULL << 60)) | (0x8ULL << 60);                // RFC 4122 variant
    append_hex(out, high >> 32, 8);
    out.push_back('-');
    append_hex(out, (high >> 16) & 0xffff, 4);
    out.push_back('-');
    append_hex(out, high & 0xffff, 4);
    out.push_back('-');
    append_hex(out, low >> 48, 4);
    out.push_back('-');
    append_hex(out, low & 0xffffffffffffULL, 12);
}

} // namespace cloudsync::cloudsim::detail
