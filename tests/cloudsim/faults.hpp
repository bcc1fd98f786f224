// Faults injected on request: each rule matches requests whose target (path
// and query, as sent) contains `match`, and applies to the next `count` of
// them. Thread-safe: rules are added from tests while I/O threads take them.
// On AWS routes a rule may also match the operation ("ec2.DescribeInstances",
// since Query and JSON targets name only service and region), and throttle /
// server_error answer in that service's own shape (aws_reply.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::cloudsim {

enum class fault_kind {
    throttle,       // 429 + Retry-After, ARM throttling body
    server_error,   // `status` (500 default, or 503) with an ARM error body
    delay,          // answer normally after `delay`
    cut_body,       // full Content-Length, half the body, then close
    malformed_json, // 200 with a body that is not valid JSON
    expire_tokens,  // expire every issued token, then answer normally (so: 401)
    forbidden,      // 403 AuthorizationFailed (after the bearer check), e.g. match = a subscription id
    rate_limited_403, // Google APIs: 403 with reason rateLimitExceeded, as Compute answers a
                      // per-user rate limit; elsewhere as forbidden
};

struct fault {
    fault_kind kind = fault_kind::server_error;
    std::string match;          // substring of the request target; empty matches all
    std::uint32_t count = 1;    // requests it applies to
    unsigned status = 0;        // 0 = the kind's default (429 / 500)
    std::chrono::seconds retry_after{1};
    std::chrono::milliseconds delay{1000};
};

// "throttle", "server_error", "delay", "cut_body", "malformed_json", "expire_tokens", "forbidden";
// throws cloudsim_error otherwise.
fault_kind parse_fault_kind(std::string_view text);
std::string_view fault_kind_name(fault_kind kind);

class fault_table {
public:
    // Throws cloudsim_error on count 0 or a server_error status outside 5xx.
    void add(fault f);
    void clear();
    // The first rule matching target, with one use consumed; nullopt when none.
    std::optional<fault> take(std::string_view target);
    std::size_t pending() const; // rules with uses left

private:
    mutable std::mutex mutex_;
    std::vector<fault> rules_;
};

} // namespace cloudsync::cloudsim
