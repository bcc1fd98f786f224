// The AWS vms collector: per region, pages EC2 DescribeInstances
// (MaxResults=1000, NextToken) and pushes one `vms` record per instance
// (ec2_pages.hpp). API calls per sync = GetCallerIdentity once per account
// and daemon, DescribeRegions when no region is configured, then instance
// pages per region.
#pragma once

#include "collectors/aws/region_collector.hpp"

#include <cstddef>

namespace cloudsync::collectors::aws {

struct ec2_list_options {
    unsigned max_results = 1000;   // MaxResults of each list (EC2 allows 5..1000)
    std::size_t batch_size = 1000; // records per sink->write()
};

// Throws options_error when max_results is outside 5..1000 or batch_size is 0.
void check_ec2_list_options(const ec2_list_options& options, const char* kind);

class vm_collector final : public region_collector {
public:
    vm_collector(std::shared_ptr<account_access> account, ec2_list_options options = {});

private:
    boost::asio::awaitable<void> collect_region(std::string region, std::string account_id,
                                                inventory::scope_sink& out) override;
    ec2_list_options options_;
};

} // namespace cloudsync::collectors::aws
