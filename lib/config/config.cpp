#include "config/config.hpp"

#include <algorithm>

namespace cloudsync::config {

bool account::collects(inventory::collector_kind kind) const noexcept {
    return std::find(collectors.begin(), collectors.end(), kind) != collectors.end();
}

const tenant* config::find_tenant(std::string_view name) const noexcept {
    for (const auto& t : tenants)
        if (t.name == name)
            return &t;
    return nullptr;
}

const account* config::find_account(std::string_view name) const noexcept {
    for (const auto& a : accounts)
        if (a.name == name)
            return &a;
    return nullptr;
}

} // namespace cloudsync::config
