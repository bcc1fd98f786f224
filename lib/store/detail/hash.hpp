// The store's 64-bit hash (XXH64, written out here from the public algorithm
// description, seed 0): fast (several GB/s) and well mixed, which is all change
// detection needs; it is not a defence against crafted collisions. Used for the
// id_hash (of native_id) and content_hash (of the COPY text of every other
// column) columns. The values are stored, so the algorithm must never change
// without a migration that clears them.
#pragma once

#include <cstdint>
#include <string_view>

namespace cloudsync::store::detail {

std::uint64_t hash64(std::string_view bytes) noexcept;

// The stored form: PostgreSQL bigint is signed.
inline std::int64_t to_bigint(std::uint64_t value) noexcept {
    return static_cast<std::int64_t>(value);
}

} // namespace cloudsync::store::detail
