#include "store/detail/record_hash.hpp"

#include <variant>

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;
namespace {

struct kind_hasher {
    keyed_hash::content& h;

    void list(const std::vector<std::string>& values) {
        h.add(static_cast<std::uint64_t>(values.size()));
        for (const auto& value : values)
            h.add(value);
    }
    void flag(std::optional<bool> value) { h.add(std::uint64_t{value ? (*value ? 2u : 1u) : 0u}); }

    void operator()(const inv::vm_columns& c) {
        h.add(static_cast<std::uint64_t>(c.state));
        h.add(c.native_state);
        h.add(c.size);
        list(c.private_ips);
        list(c.public_ips);
        h.add(c.os);
    }
    void operator()(const inv::storage_columns& c) {
        h.add(c.type);
        flag(c.public_access);
        flag(c.encrypted);
        flag(c.versioning);
    }
    void operator()(const inv::network_columns& c) { list(c.cidrs); }
    void operator()(const inv::subnet_columns& c) {
        h.add(c.network_id);
        h.add(c.cidr);
    }
    void operator()(const inv::container_columns& c) {
        h.add(c.state);
        list(c.images);
    }
    void operator()(const inv::alert_columns& c) {
        h.add(static_cast<std::uint64_t>(c.state));
        h.add(c.severity);
        flag(c.enabled);
        list(c.target_ids);
        h.add(c.condition);
        h.add(std::uint64_t{c.state_changed_at.has_value()});
        if (c.state_changed_at)
            h.add(static_cast<std::uint64_t>(c.state_changed_at->time_since_epoch().count()));
    }
};

} // namespace

std::uint64_t record_hash(const keyed_hash& key, const inv::record& value, std::string_view scope) {
    thread_local keyed_hash::content h; // no allocation per record
    h.begin(key);
    h.add(scope);
    h.add(value.name);
    h.add(value.region);
    h.add(value.tags);
    h.add(value.raw);
    h.add(static_cast<std::uint64_t>(value.columns.index()));
    std::visit(kind_hasher{h}, value.columns);
    return h.value();
}

} // namespace cloudsync::store::detail
