#include "store/detail/keyed_hash.hpp"

#include "core/percent.hpp"
#include "store/detail/big_endian.hpp"
#include "store/store_error.hpp"

// The one-call SHA256_* functions are deprecated in OpenSSL 3 in favour of
// EVP, whose context copies cost several times the hashing here (see the
// header); they remain part of OpenSSL 3's API.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <array>
#include <cstring>
#include <utility>

namespace cloudsync::store::detail {
namespace {

constexpr std::size_t block_size = 64; // SHA-256's

SHA256_CTX absorbed_pad(std::span<const unsigned char> key, unsigned char pad) {
    std::array<unsigned char, block_size> block{};
    std::memcpy(block.data(), key.data(), key.size());
    for (auto& byte : block)
        byte ^= pad;
    SHA256_CTX ctx;
    if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, block.data(), block.size()) != 1)
        throw store_error("cannot initialise SHA-256");
    return ctx;
}

} // namespace

struct keyed_hash::pads {
    SHA256_CTX inner;
    SHA256_CTX outer;
};

keyed_hash::keyed_hash(std::span<const unsigned char> key) {
    if (key.size() != key_size)
        throw store_error("the hash key must have " + std::to_string(key_size) + " bytes, not " +
                          std::to_string(key.size()));
    pads_ = std::make_shared<const pads>(pads{absorbed_pad(key, 0x36), absorbed_pad(key, 0x5c)});
}

keyed_hash keyed_hash::from_hex(std::string_view hex) {
    std::array<unsigned char, key_size> key{};
    if (hex.size() != 2 * key_size)
        throw store_error("the hash key must have " + std::to_string(key_size) + " bytes, not " +
                          std::to_string(hex.size() / 2));
    for (std::size_t i = 0; i < key_size; ++i) {
        const int high = hex_digit(hex[2 * i]);
        const int low = hex_digit(hex[2 * i + 1]);
        if (high < 0 || low < 0)
            throw store_error("the hash key is not hexadecimal");
        key[i] = static_cast<unsigned char>(high << 4 | low);
    }
    return keyed_hash(key);
}

keyed_hash::digest keyed_hash::mac(std::string_view message) const {
    digest inner{};
    digest out{};
    SHA256_CTX ctx = pads_->inner;
    if (SHA256_Update(&ctx, message.data(), message.size()) != 1 ||
        SHA256_Final(inner.bytes, &ctx) != 1)
        throw store_error("SHA-256 failed");
    ctx = pads_->outer;
    if (SHA256_Update(&ctx, inner.bytes, sizeof inner.bytes) != 1 ||
        SHA256_Final(out.bytes, &ctx) != 1)
        throw store_error("SHA-256 failed");
    return out;
}

row_id keyed_hash::id(std::string_view native_id) const {
    const auto d = mac(native_id);
    return {big_endian64(d.bytes), big_endian64(d.bytes + 8)};
}

// The message is exactly the concatenation the fields were always hashed as:
// gathering small fields changes only how SHA-256 is fed, not what it reads.
struct keyed_hash::content::state {
    static constexpr std::size_t gathered_max = 256;
    const keyed_hash::pads* pads = nullptr;
    SHA256_CTX inner;
    std::array<unsigned char, gathered_max> gathered;
    std::size_t gathered_size = 0;
};

keyed_hash::content::content() : state_(std::make_unique<state>()) {}
keyed_hash::content::~content() = default;

void keyed_hash::content::begin(const keyed_hash& key) {
    state_->pads = key.pads_.get();
    state_->inner = key.pads_->inner;
    state_->gathered_size = 0;
}

void keyed_hash::content::flush() {
    auto& s = *state_;
    if (s.gathered_size != 0 && SHA256_Update(&s.inner, s.gathered.data(), s.gathered_size) != 1)
        throw store_error("SHA-256 failed");
    s.gathered_size = 0;
}

void keyed_hash::content::add(std::string_view field) {
    add(static_cast<std::uint64_t>(field.size()));
    auto& s = *state_;
    if (field.size() <= s.gathered.size() - s.gathered_size) {
        std::memcpy(s.gathered.data() + s.gathered_size, field.data(), field.size());
        s.gathered_size += field.size();
        return;
    }
    flush();
    if (SHA256_Update(&s.inner, field.data(), field.size()) != 1)
        throw store_error("SHA-256 failed");
}

void keyed_hash::content::add(std::uint64_t number) {
    auto& s = *state_;
    if (s.gathered.size() - s.gathered_size < 8)
        flush();
    for (int i = 0; i < 8; ++i)
        s.gathered[s.gathered_size++] = static_cast<unsigned char>(number >> (8 * i));
}

std::uint64_t keyed_hash::content::value() {
    flush();
    auto& s = *state_;
    digest inner{};
    digest out{};
    SHA256_CTX outer = s.pads->outer;
    if (SHA256_Final(inner.bytes, &s.inner) != 1 ||
        SHA256_Update(&outer, inner.bytes, sizeof inner.bytes) != 1 ||
        SHA256_Final(out.bytes, &outer) != 1)
        throw store_error("SHA-256 failed");
    return big_endian64(out.bytes);
}

std::string to_uuid(row_id id) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        const auto byte =
            static_cast<unsigned>((i < 8 ? id.hi : id.lo) >> (8 * (7 - i % 8)) & 0xff);
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out += '-';
        out += digits[byte >> 4];
        out += digits[byte & 15];
    }
    return out;
}

// Fixed positions and a table: a run reads back a million of these at its start.
row_id parse_uuid(std::string_view text) {
    static constexpr auto digit = [] {
        std::array<std::int8_t, 256> table{};
        for (int c = 0; c < 256; ++c)
            table[static_cast<std::size_t>(c)] =
                static_cast<std::int8_t>(hex_digit(static_cast<char>(c)));
        return table;
    }();
    static constexpr std::array<std::uint8_t, 32> at = {0,  1,  2,  3,  4,  5,  6,  7,  9,  10, 11,
                                                        12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25,
                                                        26, 27, 28, 29, 30, 31, 32, 33, 34, 35};
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
        text[23] != '-')
        throw store_error("not a uuid: '" + std::string(text) + "'");
    std::uint64_t half[2] = {0, 0};
    int bad = 0;
    for (std::size_t i = 0; i < at.size(); ++i) {
        const int v = digit[static_cast<unsigned char>(text[at[i]])];
        bad |= v;
        half[i / 16] = half[i / 16] << 4 | static_cast<std::uint64_t>(v & 15);
    }
    if (bad < 0)
        throw store_error("not a uuid: '" + std::string(text) + "'");
    return {half[0], half[1]};
}

} // namespace cloudsync::store::detail
