// Eight bytes in network byte order as a number: the first 64 bits of a
// SHA-256 digest, and the uuid and int8 values of a binary cursor (uuid_send,
// int8send) are read the same way, so stored and computed hashes agree.
#pragma once

#include <cstdint>

namespace cloudsync::store::detail {

inline std::uint64_t big_endian64(const void* bytes) noexcept {
    const auto* p = static_cast<const unsigned char*>(bytes);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = v << 8 | p[i];
    return v;
}

} // namespace cloudsync::store::detail
