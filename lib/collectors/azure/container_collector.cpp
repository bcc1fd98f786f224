#include "collectors/azure/container_collector.hpp"

#include "collectors/azure/container_group_page.hpp"
#include "collectors/azure/detail/arm_client.hpp"
#include "collectors/azure/detail/batch_writer.hpp"
#include "collectors/azure/detail/scopes.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

container_collector::container_collector(std::shared_ptr<http::client> client,
                                         std::shared_ptr<auth::authorizer> credentials,
                                         container_collector_options options)
    : options_(std::move(options)),
      arm_(std::make_shared<detail::arm_client>(std::move(client), std::move(credentials),
                                                options_.management_endpoint)) {
    if (options_.batch_size == 0)
        throw options_error("azure containers collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "containers");
}

container_collector::~container_collector() = default;

asio::awaitable<void> container_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        arm_, std::move(walk), sink, [this, sink](std::string subscription) {
            return collect_subscription(std::move(subscription), sink);
        });
}

asio::awaitable<void>
container_collector::collect_subscription(std::string subscription,
                                          std::shared_ptr<inventory::record_sink> sink) {
    detail::batch_writer out(sink, options_.batch_size);
    std::optional<std::string> url =
        arm_->url("/subscriptions/" + subscription +
                  "/providers/Microsoft.ContainerInstance/containerGroups?api-version=" +
                  options_.container_instance_api_version);
    while (url) {
        const std::string body = co_await arm_->get(*url);
        auto page = parse_container_group_page(body, *url);
        for (auto& group : page.items)
            co_await out.add(std::move(group));
        url = std::move(page.next_link);
    }
    co_await out.flush();
    spdlog::debug("azure: subscription {}: {} container groups, {} API calls so far", subscription,
                  out.written(), arm_->calls());
}

} // namespace cloudsync::collectors::azure
