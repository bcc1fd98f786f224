// ARM's rate limits read ahead of time: every response carries how many reads a
// subscription (and the tenant, and the resource provider) has left; when that
// runs low the subscription's requests are spaced out, so 429s are anticipated
// rather than only retried. Headers read (Azure Resource Manager, "Request
// limits and throttling"):
//   x-ms-ratelimit-remaining-subscription-reads         (per principal)
//   x-ms-ratelimit-remaining-subscription-global-reads  (all principals)
//   x-ms-ratelimit-remaining-tenant-reads               (calls outside a subscription)
//   x-ms-ratelimit-remaining-resource  "Microsoft.Compute/HighCostGet3Min;159,..."
// The lowest of those present is the budget. What is not here: waiting on a 429
// (http::client honours Retry-After).
#pragma once

#include "collectors/common/throttle.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::collectors::azure {

// The lowest remaining count among the headers above, or nullopt when none is
// present or readable.
std::optional<unsigned> arm_remaining_reads(const http::header_list& headers);

// Policy, per subscription (scope key): while the last seen budget (counted
// down by the requests sent since) is below settings.low_watermark, requests
// are spaced refill_window / max(budget, 1) apart, each wait at most max_delay;
// at or above it, nothing waits. One per account, shared by its collectors.
// Thread safety: one executor (the API client's).
class arm_throttle final : public common::throttle {
public:
    explicit arm_throttle(common::throttle_settings settings);

    std::chrono::milliseconds delay(std::string_view scope_key) override;
    void observe(std::string_view scope_key, const http::response& response) override;

private:
    using clock = std::chrono::steady_clock;
    struct budget {
        std::optional<unsigned> remaining;
        clock::time_point next_slot{};
    };

    common::throttle_settings settings_;
    std::map<std::string, budget, std::less<>> budgets_;
};

} // namespace cloudsync::collectors::azure
