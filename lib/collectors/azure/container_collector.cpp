#include "collectors/azure/container_collector.hpp"

#include "collectors/azure/container_group_page.hpp"
#include "collectors/azure/detail/arm.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

container_collector::container_collector(common::engine_context engine,
                           std::shared_ptr<auth::authorizer> credentials,
                           container_collector_options options)
    : options_(std::move(options)), engine_(std::move(engine)),
      arm_(detail::make_arm_client(engine_.http, std::move(credentials),
                                   options_.management_endpoint, options_.throttle)) {
    if (options_.batch_size == 0)
        throw options_error("azure containers collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "containers");
}

container_collector::~container_collector() = default;

asio::awaitable<void> container_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        engine_, arm_, std::move(walk), std::move(sink),
        [this](std::string subscription, inventory::scope_sink& out) {
            return collect_subscription(std::move(subscription), out);
        });
}

asio::awaitable<void> container_collector::collect_subscription(std::string subscription,
                                                                inventory::scope_sink& out) {
    common::batch_writer writer(out, options_.batch_size);
    co_await detail::arm_list<inventory::record>(
        engine_, arm_, subscription,
        arm_->url("/subscriptions/" + subscription +
                  "/providers/Microsoft.ContainerInstance/containerGroups?api-version=" +
                  options_.container_instance_api_version),
        [](const raw_page& page, std::string_view url) {
            return parse_container_group_page(page, url).items;
        },
        writer.page_consumer());
    co_await writer.flush();
    spdlog::debug("azure: subscription {}: {} container groups, {} API calls so far", subscription,
                  writer.written(), arm_->calls());
}

} // namespace cloudsync::collectors::azure
