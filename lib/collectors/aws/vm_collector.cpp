#include "collectors/aws/vm_collector.hpp"

#include "collectors/aws/detail/query.hpp"
#include "collectors/aws/ec2_pages.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::aws {

namespace asio = boost::asio;

void check_ec2_list_options(const ec2_list_options& options, const char* kind) {
    if (options.max_results < 5 || options.max_results > 1000)
        throw options_error(std::string("aws ") + kind + " collector: MaxResults must be 5..1000");
    if (options.batch_size == 0)
        throw options_error(std::string("aws ") + kind + " collector: batch size is 0");
}

vm_collector::vm_collector(std::shared_ptr<account_access> account, ec2_list_options options)
    : region_collector(std::move(account), "vms"), options_(options) {
    check_ec2_list_options(options_, "vms");
}

asio::awaitable<void> vm_collector::collect_region(std::string region, std::string account_id,
                                                   inventory::scope_sink& out) {
    auto ec2 = account_->client(service::ec2, region);
    common::batch_writer writer(out, options_.batch_size);
    co_await detail::query_list<inventory::record>(
        account_->engine(), ec2, region,
        {{"Action", "DescribeInstances"},
         {"Version", "2016-11-15"},
         {"MaxResults", std::to_string(options_.max_results)}},
        [region, account_id](const std::string& body) {
            return parse_instance_page(body, region, account_id);
        },
        writer.page_consumer());
    co_await writer.flush();
    spdlog::debug("aws: region {}: {} instances, {} EC2 calls so far", region, writer.written(),
                  ec2->calls());
}

} // namespace cloudsync::collectors::aws
