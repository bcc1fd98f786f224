// The keyed hashes of change detection: HMAC-SHA-256 under the database's own
// 32-byte secret (cloudsync.hash_key, migration 0005, readable by the owner
// and the writer only). A resource's name, tags or body are chosen in the
// cloud, possibly by someone who wants a deleted resource to stay in the
// inventory or a change to go unrecorded; without the key they cannot aim a
// collision, which they could against the unkeyed XXH64 used before.
//   row_id:  the first 128 bits of HMAC(key, native_id), the stored id_hash
//            (uuid). Migration 0005 computes the same value in SQL from the
//            built-in sha256(), so existing rows keep their identity.
//   content: the first 64 bits of HMAC(key, fields), the stored content_hash;
//            each field is length-prefixed, so ("ab", "c") and ("a", "bc")
//            differ without escaping. A new definition only makes every row
//            look changed once, which the merge absorbs (it compares values).
// The pads are absorbed once per key; each hash then copies two plain SHA-256
// states (no EVP context: duplicating one through OpenSSL 3's providers cost
// more than the hashing, ~1.5 us a record against ~0.4 us now).
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace cloudsync::store::detail {

struct row_id {
    std::uint64_t hi = 0; // first 8 bytes of the digest, big-endian
    std::uint64_t lo = 0;
    friend auto operator<=>(const row_id&, const row_id&) = default;
};

// The uuid text PostgreSQL prints for the 16 bytes hi, lo; and back (throws
// store_error on anything but 32 hex digits with the four dashes).
std::string to_uuid(row_id id);
row_id parse_uuid(std::string_view text);

class keyed_hash {
public:
    static constexpr std::size_t key_size = 32;

    // Throws store_error unless key has key_size bytes.
    explicit keyed_hash(std::span<const unsigned char> key);
    // The key as 64 hex digits (how the store reads it); throws store_error.
    static keyed_hash from_hex(std::string_view hex);

    row_id id(std::string_view native_id) const;

    // One record's fields, between begin() and value(). Fields are hashed as
    // they come: a large one (a resource's raw body) is never copied, small
    // ones are gathered first so SHA-256 sees few calls. Reuse one per thread.
    class content {
    public:
        content();
        ~content();
        content(const content&) = delete;
        content& operator=(const content&) = delete;

        void begin(const keyed_hash& key);
        void add(std::string_view field);
        void add(std::uint64_t number);
        std::uint64_t value();

    private:
        void flush();
        struct state;
        std::unique_ptr<state> state_;
    };

private:
    struct digest {
        unsigned char bytes[32];
    };
    digest mac(std::string_view message) const;

    // SHA-256 states after absorbing (key ^ ipad) and (key ^ opad).
    struct pads;
    std::shared_ptr<const pads> pads_;
};

} // namespace cloudsync::store::detail
