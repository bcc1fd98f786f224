#include "collectors/azure/storage_collector.hpp"

#include "collectors/azure/storage_pages.hpp"
#include "collectors/common/bounded.hpp"
#include "collectors/azure/detail/arm.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

namespace {

struct account_ref {
    std::string id;
    blob_container_parent parent;
};

// Container lists of one subscription read at the same time: enough to hide
// ARM's latency, few enough to stay clear of Microsoft.Storage's list limit.
constexpr std::size_t container_lists_at_once = 4;

} // namespace

storage_collector::storage_collector(common::engine_context engine,
                           std::shared_ptr<auth::authorizer> credentials,
                           storage_collector_options options)
    : options_(std::move(options)), engine_(std::move(engine)),
      arm_(detail::make_arm_client(engine_.http, std::move(credentials),
                                   options_.management_endpoint, options_.throttle)) {
    if (options_.batch_size == 0)
        throw options_error("azure storage collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "storage");
}

storage_collector::~storage_collector() = default;

asio::awaitable<void> storage_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        engine_, arm_, std::move(walk), std::move(sink),
        [this](std::string subscription, inventory::scope_sink& out) {
            return collect_subscription(std::move(subscription), out);
        });
}

asio::awaitable<void> storage_collector::collect_subscription(std::string subscription,
                                                              inventory::scope_sink& out) {
    common::batch_writer writer(out, options_.batch_size);
    std::vector<account_ref> accounts;
    co_await detail::arm_list<storage_account_item>(
        engine_, arm_, subscription,
        arm_->url("/subscriptions/" + subscription +
                  "/providers/Microsoft.Storage/storageAccounts?api-version=" +
                  options_.storage_api_version),
        [](const raw_page& page, std::string_view url) {
            return parse_storage_account_page(page, url).items;
        },
        [&](std::vector<storage_account_item> items) -> asio::awaitable<void> {
            for (auto& account : items) {
                const auto& columns = std::get<inventory::storage_columns>(account.record.columns);
                if (account.has_blob_service)
                    accounts.push_back(
                        {account.record.native_id, {account.record.region, columns.encrypted}});
                co_await writer.add(std::move(account.record));
            }
        });
    // The container list's nextLink carries its own api-version and $skipToken:
    // it is followed verbatim.
    co_await common::run_bounded(
        accounts.size(), container_lists_at_once,
        [&](std::size_t i) -> asio::awaitable<void> {
            const account_ref& account = accounts[i];
            co_await detail::arm_list<inventory::record>(
                engine_, arm_, subscription,
                arm_->url(blob_containers_path(account.id, options_.storage_api_version)),
                [parent = account.parent](const raw_page& page, std::string_view url) {
                    return parse_blob_container_page(page, url, parent).items;
                },
                writer.page_consumer());
        });
    co_await writer.flush();
    spdlog::debug("azure: subscription {}: {} storage records ({} accounts with blobs), {} API "
                  "calls so far",
                  subscription, writer.written(), accounts.size(), arm_->calls());
}

} // namespace cloudsync::collectors::azure
