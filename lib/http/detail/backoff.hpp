// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential
// Backoff And Jitter"): the wait before retry n is uniform in [0, min(cap,
// base * 2^(n-1))]. Pure: the random draw is a parameter so tests can pin it.
#pragma once

#include <chrono>

namespace cloudsync::http::detail {

// The upper bound of the wait before the retry that follows failure number
// `failures` (1 for the first failure), never above max_backoff and never
// overflowing for large counts.
std::chrono::milliseconds backoff_ceiling(std::chrono::milliseconds initial,
                                          std::chrono::milliseconds max_backoff, int failures);

// Full jitter: `unit` is a uniform draw in [0, 1]; the result is in [0, ceiling].
std::chrono::milliseconds full_jitter(std::chrono::milliseconds ceiling, double unit);

} // namespace cloudsync::http::detail
