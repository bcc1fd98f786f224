#include "collectors/azure/network_collector.hpp"

#include "collectors/azure/virtual_network_page.hpp"
#include "collectors/azure/detail/arm.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

network_collector::network_collector(common::engine_context engine,
                           std::shared_ptr<auth::authorizer> credentials,
                           network_collector_options options)
    : options_(std::move(options)), engine_(std::move(engine)),
      arm_(detail::make_arm_client(engine_.http, std::move(credentials),
                                   options_.management_endpoint, options_.throttle)) {
    if (options_.batch_size == 0)
        throw options_error("azure networks collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "networks");
}

network_collector::~network_collector() = default;

asio::awaitable<void> network_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        engine_, arm_, std::move(walk), std::move(sink),
        [this](std::string subscription, inventory::scope_sink& out) {
            return collect_subscription(std::move(subscription), out);
        });
}

asio::awaitable<void> network_collector::collect_subscription(std::string subscription,
                                                              inventory::scope_sink& out) {
    common::batch_writer writer(out, options_.batch_size);
    std::size_t networks = 0;
    co_await detail::arm_list<virtual_network_item>(
        engine_, arm_, subscription,
        arm_->url("/subscriptions/" + subscription +
                  "/providers/Microsoft.Network/virtualNetworks?api-version=" +
                  options_.network_api_version),
        [](const raw_page& page, std::string_view url) {
            return parse_virtual_network_page(page, url).items;
        },
        [&](std::vector<virtual_network_item> items) -> asio::awaitable<void> {
            for (auto& item : items) {
                ++networks;
                co_await writer.add(std::move(item.network));
                for (auto& subnet : item.subnets)
                    co_await writer.add(std::move(subnet));
            }
        });
    co_await writer.flush();
    spdlog::debug("azure: subscription {}: {} virtual networks, {} subnets, {} API calls so far",
                  subscription, networks, writer.written() - networks, arm_->calls());
}

} // namespace cloudsync::collectors::azure
