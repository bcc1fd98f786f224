// The AWS metrics collector: per region, the running instances (EC2
// DescribeInstances filtered on instance-state-name=running; a stopped one
// reports nothing), then CloudWatch GetMetricData with up to 500 queries a
// call (metric_queries.hpp: 7 metrics per instance, so 71 instances a call),
// a few calls at a time, each paged by NextToken when its points exceed one
// answer. Samples carry the VM's native_id (its ARN), so metric_samples JOIN
// vms works, and ts the start of the 60 s period, as on Azure and GCP. A
// result CloudWatch marks InternalError or Forbidden fails the region's scope.
// API calls per region and sync: instance pages + ceil(running / 71).
#pragma once

#include "collectors/aws/region_collector.hpp"
#include "collectors/common/utc_time.hpp"
#include "core/clock.hpp"

#include <chrono>
#include <cstddef>
#include <memory>

namespace cloudsync::collectors::aws {

struct metrics_collector_options {
    std::chrono::seconds lookback = std::chrono::minutes(15); // config metrics.lookback
    std::size_t call_concurrency = 4; // GetMetricData calls of a region at the same time
    std::size_t batch_size = 1000;    // samples per sink->write_samples()
};

class metrics_collector final : public region_collector {
public:
    // Throws options_error for a lookback under a minute or a zero concurrency
    // or batch size.
    metrics_collector(std::shared_ptr<account_access> account, metrics_collector_options options,
                      std::shared_ptr<const cloudsync::clock> clock = nullptr);

private:
    void begin_pass() override;
    boost::asio::awaitable<void> collect_region(std::string region, std::string account_id,
                                                inventory::scope_sink& out) override;

    metrics_collector_options options_;
    std::shared_ptr<const cloudsync::clock> clock_;
    common::metric_window window_{};
};

} // namespace cloudsync::collectors::aws
