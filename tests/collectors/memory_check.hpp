// A content_check for collector tests (inventory/content_check.hpp) without a
// database: keys are FNV-1a hashes of the native_id and of the length-prefixed
// parts, and it holds the keys it was given (what a store would have loaded
// from an earlier run). Thread-safe once filled, as the real one is.
#pragma once

#include "inventory/content_check.hpp"

#include <cstdint>
#include <set>
#include <string_view>
#include <tuple>

namespace cloudsync::test {

class memory_check final : public inventory::content_check {
public:
    inventory::content_key key(std::string_view native_id,
                               std::span<const std::string_view> parts) const override {
        std::uint64_t content = fnv(parts.size(), offset);
        for (const auto part : parts)
            content = fnv(part, fnv(part.size(), content));
        return {fnv(native_id, offset), fnv(native_id, 1), content};
    }
    bool holds(const inventory::content_key& key) const noexcept override {
        return held_.count(tuple(key)) != 0;
    }
    // Holds `key` from now on (call before the check is shared).
    void hold(const inventory::content_key& key) { held_.insert(tuple(key)); }

private:
    static constexpr std::uint64_t offset = 14695981039346656037ull;
    static std::uint64_t fnv(std::string_view bytes, std::uint64_t h) {
        for (const unsigned char c : bytes)
            h = (h ^ c) * 1099511628211ull;
        return h;
    }
    static std::uint64_t fnv(std::uint64_t number, std::uint64_t h) {
        for (int i = 0; i < 8; ++i)
            h = (h ^ ((number >> (8 * i)) & 0xff)) * 1099511628211ull;
        return h;
    }
    static std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>
    tuple(const inventory::content_key& key) {
        return {key.id_hi, key.id_lo, key.content};
    }
    std::set<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> held_;
};

} // namespace cloudsync::test
