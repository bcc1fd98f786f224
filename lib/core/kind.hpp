// The closed vocabularies every module shares: providers, collector kinds
// (what a job collects) and inventory tables (where a record lands; the
// networks collector fills both `networks` and `subnets`). Only the names and
// their spelling belong here, not what a kind collects or how a table looks
// (inventory/). Spelling of each to_string() is a contract (config keys, SQL,
// API). The inventory knows them as cloudsync::inventory::provider etc.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace cloudsync {

enum class provider { azure, gcp, aws };
enum class collector_kind { vms, storage, networks, containers, metrics, alerts };
enum class table { vms, storage, networks, subnets, containers, alerts };

inline constexpr std::array all_providers{provider::azure, provider::gcp, provider::aws};
inline constexpr std::array all_collector_kinds{
    collector_kind::vms,        collector_kind::storage, collector_kind::networks,
    collector_kind::containers, collector_kind::metrics, collector_kind::alerts};
inline constexpr std::array all_tables{table::vms,     table::storage,    table::networks,
                                       table::subnets, table::containers, table::alerts};

std::string_view to_string(provider value) noexcept;
std::string_view to_string(collector_kind value) noexcept;
std::string_view to_string(table value) noexcept;

std::optional<provider> parse_provider(std::string_view text) noexcept;
std::optional<collector_kind> parse_collector_kind(std::string_view text) noexcept;

} // namespace cloudsync
