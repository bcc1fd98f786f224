// One normalized inventory row as a collector produces it: the common columns
// every table has, the kind's own columns, and the raw payload. The tenant,
// account and provider are not here: they belong to the run (see run.hpp).
// JSON-valued fields hold compact JSON text, so this header needs no JSON library
// and the store can hash and COPY them as they are.
#pragma once

#include "inventory/content_check.hpp"
#include "inventory/kind.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cloudsync::inventory {

// Normalized VM power state (DESIGN.md); native_state keeps the cloud's word.
enum class vm_state { running, stopped, deallocated, starting, stopping, terminated, unknown };
std::string_view to_string(vm_state value) noexcept;

enum class alert_state { firing, ok, unknown };
std::string_view to_string(alert_state value) noexcept;

struct vm_columns {
    vm_state state = vm_state::unknown;
    std::string native_state;
    std::string size;
    std::string os;
    std::vector<std::string> private_ips; // textual IPv4/IPv6 addresses
    std::vector<std::string> public_ips;
};

struct storage_columns {
    std::string type; // storage_account, blob_container, bucket
    std::optional<bool> public_access;
    std::optional<bool> encrypted;
    std::optional<bool> versioning;
};

struct network_columns {
    std::vector<std::string> cidrs;
};

struct subnet_columns {
    std::string network_id; // the network's native_id
    std::string cidr;
};

struct container_columns {
    std::string state;
    std::vector<std::string> images;
};

struct alert_columns {
    alert_state state = alert_state::unknown;
    std::string severity;
    std::optional<bool> enabled;
    std::vector<std::string> target_ids;
    std::string condition = "{}"; // JSON text
    std::optional<std::chrono::system_clock::time_point> state_changed_at;
};

using kind_columns = std::variant<vm_columns, storage_columns, network_columns, subnet_columns,
                                  container_columns, alert_columns>;

struct record {
    std::string native_id; // the cloud's full id: ARM id, GCP selfLink, AWS ARN
    std::string name;
    std::string region;
    std::string tags = "{}"; // JSON object text, string values
    std::string raw = "{}";  // JSON text of the resource as the API returned it
    kind_columns columns;
    // The key a collector computed through the run's content_check (a record it
    // checked before building it); without one the store hashes the fields.
    std::optional<content_key> key;
};

// The table a record belongs to, from its kind columns.
table table_of(const record& value) noexcept;

// Normalized metric names (DESIGN.md); a provider metric without one keeps only
// its native name.
inline constexpr std::array normalized_metrics{"cpu_percent", "network_in_bytes",
                                               "network_out_bytes", "disk_read_bytes",
                                               "disk_write_bytes"};

// One point of one metric of one resource, as the provider reported it.
// (native_id, native_metric, ts) identifies a sample: collecting an overlapping
// window again yields the same keys, and the store keeps one row per key.
struct metric_sample {
    std::string native_id;     // the resource's native_id (e.g. a VM's ARM id)
    std::string metric;        // normalized name, or "" when there is none
    std::string native_metric; // the provider's own name, e.g. "Percentage CPU"
    std::chrono::system_clock::time_point ts;
    double value = 0;
    std::string unit; // normalized unit: percent, bytes, count, ... ("" unknown)
};

} // namespace cloudsync::inventory
