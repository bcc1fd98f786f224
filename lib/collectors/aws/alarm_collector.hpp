// The AWS alerts collector: per region, CloudWatch DescribeAlarms (metric and
// composite alarms, MaxRecords=100, NextToken) and one `alerts` record per
// alarm (cloudwatch_pages.hpp: ALARM -> firing, OK -> ok, INSUFFICIENT_DATA ->
// unknown; target_ids the ARNs of the VMs named by InstanceId dimensions).
#pragma once

#include "collectors/aws/region_collector.hpp"

#include <cstddef>

namespace cloudsync::collectors::aws {

struct alarm_collector_options {
    unsigned max_records = 100;   // MaxRecords of each page (CloudWatch allows 1..100)
    std::size_t batch_size = 500; // records per sink->write()
};

class alarm_collector final : public region_collector {
public:
    // Throws options_error for max_records outside 1..100 or a zero batch size.
    alarm_collector(std::shared_ptr<account_access> account, alarm_collector_options options = {});

private:
    boost::asio::awaitable<void> collect_region(std::string region, std::string account_id,
                                                inventory::scope_sink& out) override;
    alarm_collector_options options_;
};

} // namespace cloudsync::collectors::aws
