// The store's 64-bit hashes (XXH64, written out here from the public algorithm
// description, seed 0): fast (several GB/s) and well mixed, which is all change
// detection needs; it is not a defence against crafted collisions. hash64 is
// the id_hash (of native_id); field_hash combines per-field hashes into the
// content_hash (record_hash.hpp). The values are stored: changing either makes
// every row look changed once, which the merge absorbs (it compares the real
// values and only rewrites the hash; see sql::merge).
#pragma once

#include <cstdint>
#include <string_view>

namespace cloudsync::store::detail {

std::uint64_t hash64(std::string_view bytes) noexcept;

// An order-sensitive combination of field hashes: add() each field, read
// value(). Fields are length-delimited (each is hashed on its own), so
// ("ab", "c") and ("a", "bc") differ without any escaping.
class field_hash {
public:
    void add(std::string_view field) noexcept { mix(hash64(field)); }
    void add(std::uint64_t number) noexcept { mix(number * 0x9E3779B97F4A7C15ULL + 1); }
    std::uint64_t value() const noexcept {
        return hash64({reinterpret_cast<const char*>(&state_), sizeof state_});
    }

private:
    void mix(std::uint64_t v) noexcept {
        state_ ^= v + 0x9E3779B97F4A7C15ULL + (state_ << 6) + (state_ >> 2);
        state_ = (state_ << 27 | state_ >> 37) * 0xC2B2AE3D27D4EB4FULL;
    }
    std::uint64_t state_ = 0x27D4EB2F165667C5ULL;
};

// The stored form: PostgreSQL bigint is signed.
inline std::int64_t to_bigint(std::uint64_t value) noexcept {
    return static_cast<std::int64_t>(value);
}

} // namespace cloudsync::store::detail
