#include "core/kind.hpp"

namespace cloudsync {

std::string_view to_string(provider value) noexcept {
    switch (value) {
    case provider::azure:
        return "azure";
    case provider::gcp:
        return "gcp";
    case provider::aws:
        return "aws";
    }
    return "unknown";
}

std::string_view to_string(collector_kind value) noexcept {
    switch (value) {
    case collector_kind::vms:
        return "vms";
    case collector_kind::storage:
        return "storage";
    case collector_kind::networks:
        return "networks";
    case collector_kind::containers:
        return "containers";
    case collector_kind::metrics:
        return "metrics";
    case collector_kind::alerts:
        return "alerts";
    }
    return "unknown";
}

std::string_view to_string(table value) noexcept {
    switch (value) {
    case table::vms:
        return "vms";
    case table::storage:
        return "storage";
    case table::networks:
        return "networks";
    case table::subnets:
        return "subnets";
    case table::containers:
        return "containers";
    case table::alerts:
        return "alerts";
    }
    return "unknown";
}

std::optional<provider> parse_provider(std::string_view text) noexcept {
    for (auto value : all_providers)
        if (to_string(value) == text)
            return value;
    return std::nullopt;
}

std::optional<collector_kind> parse_collector_kind(std::string_view text) noexcept {
    for (auto value : all_collector_kinds)
        if (to_string(value) == text)
            return value;
    return std::nullopt;
}

} // namespace cloudsync
