// The throttle hook of the API client: a provider's reading of its API's rate
// limit headers, so a scope is slowed down before the API starts refusing it
// (429s anticipated, not only retried). The client asks it how long to wait
// before each request of a scope and shows it every response of that scope.
// What is not here: retries after a 429 (http::client honours Retry-After) and
// any provider's header names (azure/arm_throttle.hpp reads ARM's).
#pragma once

#include "http/client.hpp"

#include <chrono>
#include <string_view>

namespace cloudsync::collectors::common {

// How hard a throttle leans on its API. A provider reads what it needs.
struct throttle_settings {
    bool enabled = true;
    // Below this many remaining requests in a scope's budget, the scope's
    // requests are spaced out (see the provider's throttle for how).
    unsigned low_watermark = 50;
    // The time in which an exhausted budget refills enough to be used again.
    std::chrono::milliseconds refill_window{10'000};
    // No single wait is longer than this.
    std::chrono::milliseconds max_delay{5'000};
};

// Scope keys are what the provider's rate limit counts by (an Azure
// subscription id; "" for calls outside any scope).
// Thread safety: used from the API client's executor only.
class throttle {
public:
    virtual ~throttle() = default;
    // How long the next request of this scope should wait before it is sent
    // (zero: send now). Called once per request; the call may book the slot, so
    // concurrent requests of one scope are spaced, not sent together.
    virtual std::chrono::milliseconds delay(std::string_view scope_key) = 0;
    // Every response of the scope (any status), headers included.
    virtual void observe(std::string_view scope_key, const http::response& response) = 0;
};

} // namespace cloudsync::collectors::common
