#include "cloudsim/faults.hpp"

#include "cloudsim/error.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace cloudsync::cloudsim {

namespace {

constexpr std::array<std::pair<fault_kind, std::string_view>, 8> names = {{
    {fault_kind::throttle, "throttle"},
    {fault_kind::server_error, "server_error"},
    {fault_kind::delay, "delay"},
    {fault_kind::cut_body, "cut_body"},
    {fault_kind::malformed_json, "malformed_json"},
    {fault_kind::expire_tokens, "expire_tokens"},
    {fault_kind::forbidden, "forbidden"},
    {fault_kind::rate_limited_403, "rate_limited_403"},
}};

} // namespace

fault_kind parse_fault_kind(std::string_view text) {
    for (const auto& [kind, name] : names) {
        if (name == text) return kind;
    }
    throw cloudsim_error("unknown fault kind '" + std::string(text) +
                         "' (throttle, server_error, delay, cut_body, malformed_json, expire_tokens, forbidden, rate_limited_403)");
}

std::string_view fault_kind_name(fault_kind kind) {
    for (const auto& [k, name] : names) {
        if (k == kind) return name;
    }
    return "unknown";
}

void fault_table::add(fault f) {
    if (f.count == 0) throw cloudsim_error("fault count must be at least 1");
    if (f.kind == fault_kind::throttle && f.status == 0) f.status = 429;
    if (f.kind == fault_kind::forbidden || f.kind == fault_kind::rate_limited_403) f.status = 403;
    if (f.kind == fault_kind::server_error) {
        if (f.status == 0) f.status = 500;
        if (f.status < 500 || f.status > 599) throw cloudsim_error("server_error status must be 5xx");
    }
    const std::lock_guard lock(mutex_);
    rules_.push_back(std::move(f));
}

void fault_table::clear() {
    const std::lock_guard lock(mutex_);
    rules_.clear();
}

std::optional<fault> fault_table::take(std::string_view target) {
    const std::lock_guard lock(mutex_);
    const auto it = std::find_if(rules_.begin(), rules_.end(), [&](const fault& f) {
        return target.find(f.match) != std::string_view::npos;
    });
    if (it == rules_.end()) return std::nullopt;
    fault taken = *it;
    if (--it->count == 0) rules_.erase(it);
    return taken;
}

std::size_t fault_table::pending() const {
    const std::lock_guard lock(mutex_);
    return rules_.size();
}

} // namespace cloudsync::cloudsim
