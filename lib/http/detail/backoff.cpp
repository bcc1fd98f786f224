#include "http/detail/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace cloudsync::http::detail {

std::chrono::milliseconds backoff_ceiling(std::chrono::milliseconds initial,
                                          std::chrono::milliseconds max_backoff, int failures) {
    if (initial.count() <= 0 || max_backoff.count() <= 0)
        return std::chrono::milliseconds{0};
    auto ceiling = initial;
    for (int i = 1; i < failures && ceiling < max_backoff; ++i)
        ceiling *= 2;
    return std::min(ceiling, max_backoff);
}

std::chrono::milliseconds full_jitter(std::chrono::milliseconds ceiling, double unit) {
    unit = std::clamp(unit, 0.0, 1.0);
    return std::chrono::milliseconds{
        static_cast<std::chrono::milliseconds::rep>(std::llround(unit * ceiling.count()))};
}

} // namespace cloudsync::http::detail
