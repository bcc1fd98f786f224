#include "cloudsim/rate_limit.hpp"

#include "cloudsim/error.hpp"

#include <algorithm>
#include <cmath>

namespace cloudsync::cloudsim {

void rate_limiter::configure(rate_limit_options options) {
    if (!std::isfinite(options.refill_per_second) || options.refill_per_second < 0) {
        throw cloudsim_error("rate limit refill_per_second must be a finite number >= 0");
    }
    const std::lock_guard lock(mutex_);
    options_ = options;
    buckets_.clear();
}

rate_limit_options rate_limiter::options() const {
    const std::lock_guard lock(mutex_);
    return options_;
}

bool rate_limiter::enabled() const {
    const std::lock_guard lock(mutex_);
    return options_.capacity != 0;
}

rate_decision rate_limiter::take(std::uint32_t scope, clock::time_point now) {
    const std::lock_guard lock(mutex_);
    if (options_.capacity == 0) return {};
    const auto capacity = static_cast<double>(options_.capacity);
    auto [it, fresh] = buckets_.try_emplace(scope, bucket{capacity, now});
    bucket& b = it->second;
    if (!fresh && now > b.updated) {
        const std::chrono::duration<double> elapsed = now - b.updated;
        b.tokens = std::min(capacity, b.tokens + elapsed.count() * options_.refill_per_second);
        b.updated = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return {true, static_cast<std::uint64_t>(b.tokens), std::chrono::seconds{0}};
    }
    // Whole seconds, rounded up, as Retry-After carries; a bucket that never
    // refills still names a finite wait (an hour), as ARM always does.
    double wait = 3600;
    if (options_.refill_per_second > 0) wait = std::min(wait, (1.0 - b.tokens) / options_.refill_per_second);
    const auto seconds = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait)));
    return {false, 0, std::chrono::seconds{seconds}};
}

} // namespace cloudsync::cloudsim
