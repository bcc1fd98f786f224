#include "collectors/aws/alarm_collector.hpp"

#include "collectors/aws/cloudwatch_pages.hpp"
#include "collectors/aws/detail/query.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::aws {

namespace asio = boost::asio;

alarm_collector::alarm_collector(std::shared_ptr<account_access> account,
                                 alarm_collector_options options)
    : region_collector(std::move(account), "alerts"), options_(options) {
    if (options_.max_records < 1 || options_.max_records > 100)
        throw options_error("aws alerts collector: MaxRecords must be 1..100");
    if (options_.batch_size == 0)
        throw options_error("aws alerts collector: batch size is 0");
}

asio::awaitable<void> alarm_collector::collect_region(std::string region, std::string account_id,
                                                      inventory::scope_sink& out) {
    auto cloudwatch = account_->client(service::monitoring, region);
    common::batch_writer writer(out, options_.batch_size);
    co_await detail::query_list<inventory::record>(
        account_->engine(), cloudwatch, region,
        {{"Action", "DescribeAlarms"},
         {"Version", "2010-08-01"},
         {"AlarmTypes.member.1", "MetricAlarm"},
         {"AlarmTypes.member.2", "CompositeAlarm"},
         {"MaxRecords", std::to_string(options_.max_records)}},
        [region, account_id](const std::string& body) {
            return parse_alarm_page(body, region, account_id);
        },
        writer.page_consumer());
    co_await writer.flush();
    spdlog::debug("aws alerts: region {}: {} alarms, {} CloudWatch calls so far", region,
                  writer.written(), cloudwatch->calls());
}

} // namespace cloudsync::collectors::aws
