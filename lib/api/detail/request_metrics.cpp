#include "api/detail/request_metrics.hpp"

#include "core/metrics.hpp"

#include <array>
#include <atomic>
#include <string>

namespace cloudsync::api::detail {
namespace {

constexpr std::array<unsigned, 14> cached_codes{200, 202, 400, 401, 403, 404, 405,
                                                408, 409, 413, 431, 500, 503, 0};

metrics::counter& lookup(route label, unsigned status) {
    return metrics::default_registry().get_counter(
        "cloudsync_api_requests_total", "HTTP API requests by route and status code",
        {{"route", std::string(to_string(label))}, {"code", std::to_string(status)}});
}

// Entries are filled on first use; racing fillers store the same pointer.
std::array<std::array<std::atomic<metrics::counter*>, cached_codes.size()>, route_count> table{};

} // namespace

void count_request(route label, unsigned status) noexcept {
    try {
        std::size_t code_index = 0;
        while (code_index + 1 < cached_codes.size() && cached_codes[code_index] != status)
            ++code_index;
        if (cached_codes[code_index] != status) { // rare code: no cache slot
            lookup(label, status).add();
            return;
        }
        auto& slot = table[static_cast<std::size_t>(label)][code_index];
        auto* counter = slot.load(std::memory_order_acquire);
        if (!counter) {
            counter = &lookup(label, status);
            slot.store(counter, std::memory_order_release);
        }
        counter->add();
    } catch (...) { // a metric is never worth failing a request for
    }
}

} // namespace cloudsync::api::detail
