// The AWS networks collector: per region, pages EC2 DescribeVpcs and
// DescribeSubnets at the same time (both MaxResults=1000, NextToken) and
// pushes one `networks` record per VPC (every associated CIDR) and one
// `subnets` record per subnet, whose network_id is its VPC's native_id (the
// VPC's ARN), so the two tables JOIN.
#pragma once

#include "collectors/aws/vm_collector.hpp"

namespace cloudsync::collectors::aws {

class network_collector final : public region_collector {
public:
    network_collector(std::shared_ptr<account_access> account, ec2_list_options options = {});

private:
    boost::asio::awaitable<void> collect_region(std::string region, std::string account_id,
                                                inventory::scope_sink& out) override;
    ec2_list_options options_;
};

} // namespace cloudsync::collectors::aws
