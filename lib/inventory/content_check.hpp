// Change detection a collector can use before it builds a record, off the
// run's thread: the keyed hashes the store compares (under the database's own
// key), and whether the table held exactly that content when the run began.
// A record found unchanged is sent as its key alone (scope_sink::write_unchanged)
// and never built; a record that is built carries the key computed for it
// (record::key), so both ways store the same hash and the next run finds it.
// The content hash is then the collector's own definition: it must cover
// everything the record is derived from (the item's text as the API sent it,
// every joined input) and a version of the derivation itself, raised whenever
// the same inputs would give another record. The store adds the scope.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace cloudsync::inventory {

struct content_key {
    std::uint64_t id_hi = 0; // the keyed hash of the native_id (the stored id_hash)
    std::uint64_t id_lo = 0;
    std::uint64_t content = 0; // the stored content_hash
    friend bool operator==(const content_key&, const content_key&) = default;
};

// One table's change detection in one scope of a run. Thread-safe: any thread
// may call it at any time while it is held.
class content_check {
public:
    virtual ~content_check() = default;
    // The key of the record with this native_id whose content is given by
    // `parts`, in order (each length-prefixed: ("ab", "c") and ("a", "bc")
    // differ).
    virtual content_key key(std::string_view native_id,
                            std::span<const std::string_view> parts) const = 0;
    // True when the table held exactly this id and content when the run began,
    // and no record of this run has changed it since. A true answer may still
    // lose to a record of the same id written in the same run (the store
    // decides, in order); a false one only costs building the record.
    virtual bool holds(const content_key& key) const noexcept = 0;
};

} // namespace cloudsync::inventory
