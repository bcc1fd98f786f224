// Request counters, so tests can assert "API calls per sync". Routes are short
// names: token, managedIdentityToken, subscriptions, subscription,
// virtualMachines, networkInterfaces, publicIPAddresses, storageAccounts,
// blobContainers, virtualNetworks, containerGroups, metricAlerts, alerts,
// metricsBatch, googleToken, gceMetadataToken, unknown (control requests
// under /_sim are not counted). tokens_issued / token_failures cover Entra,
// IMDS, Google's token endpoint and the GCE metadata server; throttled counts every
// 429 (injected throttle faults and the read rate limit), rate_limited only
// those of the read rate limit (rate_limit.hpp), so a test or the bench can
// show that a client slowed down before ARM had to refuse it. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim {

struct stats_snapshot {
    std::map<std::string, std::uint64_t> requests; // per route
    std::uint64_t requests_total = 0;
    std::uint64_t auth_failures = 0;   // ARM requests answered 401
    std::uint64_t tokens_issued = 0;
    std::uint64_t token_failures = 0;  // token requests answered 4xx
    std::uint64_t faults_applied = 0;
    std::uint64_t throttled = 0;       // answers with status 429, whatever the cause
    std::uint64_t rate_limited = 0;    // 429s of the subscription read buckets

    std::uint64_t count(std::string_view route) const;
    // AWS routes are counted as "<service>.<Operation>" ("ec2.DescribeInstances",
    // "s3.GetBucketLocation"); this sums one service's ("ec2").
    std::uint64_t count_service(std::string_view service) const;
};

class stats {
public:
    void request(std::string_view route);
    void auth_failure();
    void token_issued();
    void token_failure();
    void fault_applied();
    void throttled(bool by_rate_limit);
    stats_snapshot snapshot() const;
    void reset();

private:
    mutable std::mutex mutex_;
    stats_snapshot data_;
};

} // namespace cloudsync::cloudsim
