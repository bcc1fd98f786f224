#include "collectors/azure/storage_collector.hpp"

#include "collectors/azure/detail/arm_client.hpp"
#include "collectors/azure/detail/batch_writer.hpp"
#include "collectors/azure/detail/scopes.hpp"
#include "collectors/azure/storage_pages.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

namespace {

struct account_ref {
    std::string id;
    blob_container_parent parent;
};

} // namespace

storage_collector::storage_collector(std::shared_ptr<http::client> client,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     storage_collector_options options)
    : options_(std::move(options)),
      arm_(std::make_shared<detail::arm_client>(std::move(client), std::move(credentials),
                                                options_.management_endpoint)) {
    if (options_.batch_size == 0)
        throw options_error("azure storage collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "storage");
}

storage_collector::~storage_collector() = default;

asio::awaitable<void> storage_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        arm_, std::move(walk), sink, [this, sink](std::string subscription) {
            return collect_subscription(std::move(subscription), sink);
        });
}

asio::awaitable<void>
storage_collector::collect_subscription(std::string subscription,
                                        std::shared_ptr<inventory::record_sink> sink) {
    detail::batch_writer out(sink, options_.batch_size);
    std::vector<account_ref> accounts;
    std::optional<std::string> url = arm_->url(
        "/subscriptions/" + subscription +
        "/providers/Microsoft.Storage/storageAccounts?api-version=" + options_.storage_api_version);
    while (url) {
        const std::string body = co_await arm_->get(*url);
        auto page = parse_storage_account_page(body, *url);
        for (auto& account : page.items) {
            const auto& columns = std::get<inventory::storage_columns>(account.record.columns);
            if (account.has_blob_service)
                accounts.push_back(
                    {account.record.native_id, {account.record.region, columns.encrypted}});
            co_await out.add(std::move(account.record));
        }
        url = std::move(page.next_link);
    }
    for (const auto& account : accounts) {
        // The container list's nextLink carries its own api-version and
        // $skipToken: it is followed verbatim.
        url = arm_->url(blob_containers_path(account.id, options_.storage_api_version));
        while (url) {
            const std::string body = co_await arm_->get(*url);
            auto page = parse_blob_container_page(body, *url, account.parent);
            for (auto& container : page.items)
                co_await out.add(std::move(container));
            url = std::move(page.next_link);
        }
    }
    co_await out.flush();
    spdlog::debug("azure: subscription {}: {} storage records ({} accounts with blobs), {} API "
                  "calls so far",
                  subscription, out.written(), accounts.size(), arm_->calls());
}

} // namespace cloudsync::collectors::azure
