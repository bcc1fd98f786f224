// The NIC -> IP address join of the VM collector, sized for a million VMs: keys are
// 64-bit hashes of lower-cased ARM ids (ARM ids are case-insensitive), values are
// 16-byte rows with IPv4 addresses inline (IPv6 in a side table), kept in sorted
// vectors rather than node-based maps. Roughly 16 bytes per address, nothing per id.
// What is not here: fetching the lists (vm_collector) or parsing them (network_pages).
#pragma once

#include "collectors/azure/network_pages.hpp"
#include "core/hash_directory.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure {

// A multiply-xor hash of the ASCII-lower-cased id, eight bytes a step, then
// splitmix64's finalizer (in memory only: never stored). Two distinct ids
// collide with probability ~n^2/2^65 (about 3e-8 for a million): accepted, the
// cost of a collision being one VM showing another's addresses.
std::uint64_t arm_key(std::string_view id) noexcept;

// An IPv4 address (network byte order, as in in_addr) as dotted-quad text,
// exactly as inet_ntop writes it.
std::string format_ipv4(std::uint32_t network_order);

// Use in two phases: add every public IP and every NIC, in any order or
// interleaved (the two lists are read at the same time; a NIC's public IP ids
// are resolved when the index is sealed), then seal() and look up. Addresses that are
// not valid IPv4/IPv6 text are dropped (they could not be stored as inet).
// Not thread-safe; owned by one collect() run.
class address_index {
public:
    void add_public_ip(const public_ip& ip);
    void add_network_interface(const network_interface& nic);
    // Resolves the NICs' public IP ids, sorts the NIC rows and frees the public
    // IP table.
    void seal();

    // Appends the addresses of the NIC with this id (none when unknown), in the
    // order of its IP configurations. Only after seal().
    void append_addresses(std::string_view nic_id, std::vector<std::string>& private_ips,
                          std::vector<std::string>& public_ips) const;

    // The same addresses in a compact binary form (per address a flags byte,
    // then its 4 or 16 bytes), appended to out: what a VM's content key covers
    // of its NICs (vm_page.hpp). Only after seal().
    void append_address_key(std::string_view nic_id, std::string& out) const;

    std::size_t nic_rows() const noexcept { return nic_rows_.size(); }
    std::size_t public_ips() const noexcept { return public_rows_.size(); }
    // Heap bytes held by the tables (capacity), for tests and logs.
    std::size_t memory_bytes() const noexcept;

private:
    struct row {
        std::uint64_t key;
        std::uint32_t value; // IPv4 in network order, or index into v6_
        std::uint8_t flags;  // is_v6 | is_public
    };
    static bool key_less(const row& a, const row& b) noexcept { return a.key < b.key; }
    // The rows of a NIC, in the order of its IP configurations.
    std::span<const row> rows_of(std::string_view nic_id) const;
    bool encode(const std::string& text, row& out);
    std::string decode(const row& value) const;
    void sort_public();

    std::vector<row> public_rows_;
    std::vector<row> nic_rows_;
    hash_directory directory_; // over nic_rows_ once sealed
    struct public_ref {
        std::uint64_t nic_key;
        std::uint64_t public_key;
    };
    std::vector<public_ref> public_refs_; // until seal()
    std::vector<std::array<std::uint8_t, 16>> v6_;
    bool public_sorted_ = true;
    bool sealed_ = false;
};

} // namespace cloudsync::collectors::azure
