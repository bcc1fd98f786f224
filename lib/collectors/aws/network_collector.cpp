#include "collectors/aws/network_collector.hpp"

#include "collectors/aws/detail/query.hpp"
#include "collectors/aws/ec2_pages.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/common/bounded.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::aws {

namespace asio = boost::asio;

network_collector::network_collector(std::shared_ptr<account_access> account,
                                     ec2_list_options options)
    : region_collector(std::move(account), "networks"), options_(options) {
    check_ec2_list_options(options_, "networks");
}

asio::awaitable<void> network_collector::collect_region(std::string region, std::string account_id,
                                                        inventory::scope_sink& out) {
    auto ec2 = account_->client(service::ec2, region);
    common::batch_writer writer(out, options_.batch_size);
    // Independent lists of one region overlap; an error in either cancels the
    // other and fails the region.
    co_await common::run_bounded(2, 2, [&](std::size_t index) {
        const bool vpcs = index == 0;
        return detail::query_list<inventory::record>(
            account_->engine(), ec2, region,
            {{"Action", vpcs ? "DescribeVpcs" : "DescribeSubnets"},
             {"Version", "2016-11-15"},
             {"MaxResults", std::to_string(options_.max_results)}},
            [vpcs, region, account_id](const std::string& body) {
                return vpcs ? parse_vpc_page(body, region, account_id)
                            : parse_subnet_page(body, region, account_id);
            },
            writer.page_consumer());
    });
    co_await writer.flush();
    spdlog::debug("aws: region {}: {} networks and subnets, {} EC2 calls so far", region,
                  writer.written(), ec2->calls());
}

} // namespace cloudsync::collectors::aws
