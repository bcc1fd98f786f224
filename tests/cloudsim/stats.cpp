#include "cloudsim/stats.hpp"

namespace cloudsync::cloudsim {

std::uint64_t stats_snapshot::count(std::string_view route) const {
    const auto it = requests.find(std::string(route));
    return it == requests.end() ? 0 : it->second;
}

std::uint64_t stats_snapshot::count_service(std::string_view service) const {
    const std::string prefix = std::string(service) + ".";
    std::uint64_t total = 0;
    for (auto it = requests.lower_bound(prefix);
         it != requests.end() && it->first.starts_with(prefix); ++it)
        total += it->second;
    return total;
}

void stats::request(std::string_view route) {
    const std::lock_guard lock(mutex_);
    ++data_.requests[std::string(route)];
    ++data_.requests_total;
}

void stats::auth_failure() {
    const std::lock_guard lock(mutex_);
    ++data_.auth_failures;
}

void stats::token_issued() {
    const std::lock_guard lock(mutex_);
    ++data_.tokens_issued;
}

void stats::token_failure() {
    const std::lock_guard lock(mutex_);
    ++data_.token_failures;
}

void stats::fault_applied() {
    const std::lock_guard lock(mutex_);
    ++data_.faults_applied;
}

void stats::throttled(bool by_rate_limit) {
    const std::lock_guard lock(mutex_);
    ++data_.throttled;
    if (by_rate_limit) ++data_.rate_limited;
}

stats_snapshot stats::snapshot() const {
    const std::lock_guard lock(mutex_);
    return data_;
}

void stats::reset() {
    const std::lock_guard lock(mutex_);
    data_ = stats_snapshot{};
}

} // namespace cloudsync::cloudsim
