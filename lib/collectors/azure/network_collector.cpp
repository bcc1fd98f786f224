#include "collectors/azure/network_collector.hpp"

#include "collectors/azure/detail/arm_client.hpp"
#include "collectors/azure/detail/batch_writer.hpp"
#include "collectors/azure/detail/scopes.hpp"
#include "collectors/azure/virtual_network_page.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

network_collector::network_collector(std::shared_ptr<http::client> client,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     network_collector_options options)
    : options_(std::move(options)),
      arm_(std::make_shared<detail::arm_client>(std::move(client), std::move(credentials),
                                                options_.management_endpoint)) {
    if (options_.batch_size == 0)
        throw options_error("azure networks collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "networks");
}

network_collector::~network_collector() = default;

asio::awaitable<void> network_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        arm_, std::move(walk), sink, [this, sink](std::string subscription) {
            return collect_subscription(std::move(subscription), sink);
        });
}

asio::awaitable<void>
network_collector::collect_subscription(std::string subscription,
                                        std::shared_ptr<inventory::record_sink> sink) {
    detail::batch_writer out(sink, options_.batch_size);
    std::size_t networks = 0;
    std::optional<std::string> url = arm_->url(
        "/subscriptions/" + subscription +
        "/providers/Microsoft.Network/virtualNetworks?api-version=" + options_.network_api_version);
    while (url) {
        const std::string body = co_await arm_->get(*url);
        auto page = parse_virtual_network_page(body, *url);
        for (auto& item : page.items) {
            ++networks;
            co_await out.add(std::move(item.network));
            for (auto& subnet : item.subnets)
                co_await out.add(std::move(subnet));
        }
        url = std::move(page.next_link);
    }
    co_await out.flush();
    spdlog::debug("azure: subscription {}: {} virtual networks, {} subnets, {} API calls so far",
                  subscription, networks, out.written() - networks, arm_->calls());
}

} // namespace cloudsync::collectors::azure
