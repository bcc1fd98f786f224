#include "cloudsim/latency.hpp"

#include "cloudsim/detail/rng.hpp"
#include "cloudsim/error.hpp"

namespace cloudsync::cloudsim {

void latency_model::configure(latency_options options) {
    if (options.fixed.count() < 0 || options.jitter.count() < 0) {
        throw cloudsim_error("latency and jitter must not be negative");
    }
    fixed_ms_.store(options.fixed.count());
    jitter_ms_.store(options.jitter.count());
}

latency_options latency_model::options() const {
    return {std::chrono::milliseconds{fixed_ms_.load()}, std::chrono::milliseconds{jitter_ms_.load()}};
}

std::chrono::milliseconds latency_model::next() {
    const std::int64_t fixed = fixed_ms_.load();
    const std::int64_t jitter = jitter_ms_.load();
    if (jitter == 0) return std::chrono::milliseconds{fixed};
    const std::uint64_t draw = detail::hash(draws_.fetch_add(1), 0x1a7e);
    return std::chrono::milliseconds{fixed + static_cast<std::int64_t>(draw % static_cast<std::uint64_t>(jitter + 1))};
}

} // namespace cloudsync::cloudsim
