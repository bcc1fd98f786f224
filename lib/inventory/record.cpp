#include "inventory/record.hpp"

namespace cloudsync::inventory {

std::string_view to_string(vm_state value) noexcept {
    switch (value) {
    case vm_state::running: return "running";
    case vm_state::stopped: return "stopped";
    case vm_state::deallocated: return "deallocated";
    case vm_state::starting: return "starting";
    case vm_state::stopping: return "stopping";
    case vm_state::terminated: return "terminated";
    case vm_state::unknown: return "unknown";
    }
    return "unknown";
}

std::string_view to_string(alert_state value) noexcept {
    switch (value) {
    case alert_state::firing: return "firing";
    case alert_state::ok: return "ok";
    case alert_state::unknown: return "unknown";
    }
    return "unknown";
}

table table_of(const record& value) noexcept {
    // Variant alternatives are declared in the order of inventory::table.
    return static_cast<table>(value.columns.index());
}

} // namespace cloudsync::inventory
