// The content_hash of an inventory record: a keyed hash (keyed_hash.hpp) over
// its fields as the collector delivered them (no escaping, no normalisation,
// no COPY text), so that an unchanged record costs one pass over its bytes. Not here: the COPY
// text of added and changed records (copy_text.hpp).
// Two records with equal fields hash equally; records whose text differs but
// whose stored values would be equal (e.g. "10.0.0.1" and "10.0.0.01/32")
// hash differently: the merge then finds no real difference and only updates
// the stored hash (no `changes` row).
#pragma once

#include "inventory/record.hpp"
#include "store/detail/keyed_hash.hpp"

#include <cstdint>
#include <string_view>

namespace cloudsync::store::detail {

// Every column but the key (tenant, account, provider, native_id), plus the
// scope the record was read in: a row read in another scope is rewritten.
std::uint64_t record_hash(const keyed_hash& key, const inventory::record& value,
                          std::string_view scope);

} // namespace cloudsync::store::detail
