#include "collectors/azure/address_index.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace cloudsync::collectors::azure {

namespace {

constexpr std::uint8_t is_v6 = 1;
constexpr std::uint8_t is_public = 2;

constexpr std::uint64_t ones = 0x0101010101010101ull;

// The eight bytes of word with ASCII capitals lower-cased (other bytes kept).
std::uint64_t ascii_lower(std::uint64_t word) noexcept {
    const std::uint64_t low7 = word & (0x7f * ones);
    const std::uint64_t from_a = low7 + (0x80 - 'A') * ones;     // top bit: byte >= 'A'
    const std::uint64_t past_z = low7 + (0x80 - 'Z' - 1) * ones; // top bit: byte > 'Z'
    const std::uint64_t capitals = from_a & ~past_z & ~word & (0x80 * ones);
    return word | capitals >> 2;
}

std::uint64_t mix(std::uint64_t hash) noexcept {
    // splitmix64's finalizer.
    hash ^= hash >> 30;
    hash *= 0xbf58476d1ce4e5b9ull;
    hash ^= hash >> 27;
    hash *= 0x94d049bb133111ebull;
    hash ^= hash >> 31;
    return hash;
}

} // namespace

std::uint64_t arm_key(std::string_view id) noexcept {
    // Eight bytes a step (an ARM id is ~150): this runs for every NIC, public
    // IP and VM reference of a sync.
    std::uint64_t hash = 0x9e3779b97f4a7c15ull ^ id.size();
    std::size_t at = 0;
    for (; at + 8 <= id.size(); at += 8) {
        std::uint64_t word;
        std::memcpy(&word, id.data() + at, 8);
        hash = (hash ^ ascii_lower(word)) * 0xff51afd7ed558ccdull;
        hash ^= hash >> 32;
    }
    if (at < id.size()) {
        std::uint64_t word = 0;
        std::memcpy(&word, id.data() + at, id.size() - at);
        hash = (hash ^ ascii_lower(word)) * 0xff51afd7ed558ccdull;
    }
    return mix(hash);
}

bool address_index::encode(const std::string& text, row& out) {
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
        out.value = v4.s_addr;
        return true;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        std::array<std::uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), &v6, bytes.size());
        out.value = static_cast<std::uint32_t>(v6_.size());
        out.flags |= is_v6;
        v6_.push_back(bytes);
        return true;
    }
    return false;
}

std::string format_ipv4(std::uint32_t network_order) {
    // By hand: glibc's inet_ntop formats IPv4 with sprintf, a measurable share
    // of an unchanged resync (every VM's addresses are decoded).
    unsigned char bytes[4];
    std::memcpy(bytes, &network_order, 4);
    char text[16];
    char* out = text;
    for (int i = 0; i < 4; ++i) {
        const unsigned b = bytes[i];
        if (b >= 100)
            *out++ = static_cast<char>('0' + b / 100);
        if (b >= 10)
            *out++ = static_cast<char>('0' + b / 10 % 10);
        *out++ = static_cast<char>('0' + b % 10);
        if (i < 3)
            *out++ = '.';
    }
    return std::string(text, out);
}

std::string address_index::decode(const row& value) const {
    if (!(value.flags & is_v6))
        return format_ipv4(value.value);
    char text[INET6_ADDRSTRLEN] = {};
    in6_addr v6{};
    std::memcpy(&v6, v6_[value.value].data(), 16);
    inet_ntop(AF_INET6, &v6, text, sizeof text);
    return text;
}

void address_index::add_public_ip(const public_ip& ip) {
    if (ip.ip_address.empty())
        return;
    row entry{arm_key(ip.id), 0, is_public};
    if (!encode(ip.ip_address, entry))
        return;
    if (!public_rows_.empty() && entry.key < public_rows_.back().key)
        public_sorted_ = false;
    public_rows_.push_back(entry);
}

void address_index::sort_public() {
    if (public_sorted_)
        return;
    std::sort(public_rows_.begin(), public_rows_.end(), key_less);
    public_sorted_ = true;
}

void address_index::add_network_interface(const network_interface& nic) {
    const auto key = arm_key(nic.id);
    for (const auto& config : nic.ip_configurations) {
        row entry{key, 0, 0};
        if (!config.private_ip.empty() && encode(config.private_ip, entry))
            nic_rows_.push_back(entry);
        if (!config.public_ip_id.empty())
            public_refs_.push_back({key, arm_key(config.public_ip_id)});
    }
}

void address_index::seal() {
    sort_public();
    // In NIC order, so a NIC's public addresses keep the order of its configurations.
    for (const auto& ref : public_refs_) {
        const row probe{ref.public_key, 0, 0};
        const auto found =
            std::lower_bound(public_rows_.begin(), public_rows_.end(), probe, key_less);
        if (found != public_rows_.end() && found->key == probe.key)
            nic_rows_.push_back(row{ref.nic_key, found->value, found->flags}); // v6 index shared
    }
    std::vector<public_ref>().swap(public_refs_);
    // Stable: a NIC's rows keep the order of its IP configurations.
    std::stable_sort(nic_rows_.begin(), nic_rows_.end(), key_less);
    nic_rows_.shrink_to_fit();
    directory_.build(nic_rows_.size(), [this](std::size_t at) { return nic_rows_[at].key; });
    std::vector<row>().swap(public_rows_);
    sealed_ = true;
}

std::span<const address_index::row> address_index::rows_of(std::string_view nic_id) const {
    if (!sealed_)
        throw std::logic_error("address_index used before seal()");
    const row probe{arm_key(nic_id), 0, 0};
    const auto [from, to] = directory_.bucket(probe.key);
    const auto [first, last] =
        std::equal_range(nic_rows_.begin() + static_cast<std::ptrdiff_t>(from),
                         nic_rows_.begin() + static_cast<std::ptrdiff_t>(to), probe, key_less);
    return {first, last};
}

void address_index::append_addresses(std::string_view nic_id, std::vector<std::string>& private_ips,
                                     std::vector<std::string>& public_ips) const {
    for (const auto& address : rows_of(nic_id))
        ((address.flags & is_public) ? public_ips : private_ips).push_back(decode(address));
}

void address_index::append_address_key(std::string_view nic_id, std::string& out) const {
    for (const auto& address : rows_of(nic_id)) {
        out += static_cast<char>(address.flags);
        if (address.flags & is_v6) {
            const auto& bytes = v6_[address.value];
            out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        } else {
            out.append(reinterpret_cast<const char*>(&address.value), sizeof address.value);
        }
    }
}

std::size_t address_index::memory_bytes() const noexcept {
    return public_rows_.capacity() * sizeof(row) + nic_rows_.capacity() * sizeof(row) +
           directory_.memory_bytes() +
           public_refs_.capacity() * sizeof(public_ref) +
           v6_.capacity() * sizeof(v6_[0]);
}

} // namespace cloudsync::collectors::azure
