#include "collectors/azure/alerts_collector.hpp"

#include "collectors/azure/alert_join.hpp"
#include "collectors/azure/alert_page.hpp"
#include "collectors/azure/detail/arm_client.hpp"
#include "collectors/azure/detail/scopes.hpp"
#include "collectors/errors.hpp"
#include "core/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

namespace {

// Writes batch in chunks of at most `size` records.
asio::awaitable<void> write_all(std::shared_ptr<inventory::record_sink> sink,
                                std::vector<inventory::record> records, std::size_t size) {
    for (std::size_t from = 0; from < records.size(); from += size) {
        const auto to = std::min(records.size(), from + size);
        std::vector<inventory::record> chunk(
            std::make_move_iterator(records.begin() + static_cast<std::ptrdiff_t>(from)),
            std::make_move_iterator(records.begin() + static_cast<std::ptrdiff_t>(to)));
        co_await sink->write(std::move(chunk));
    }
}

} // namespace

alerts_collector::alerts_collector(std::shared_ptr<http::client> client,
                                   std::shared_ptr<auth::authorizer> credentials,
                                   alerts_collector_options options)
    : options_(std::move(options)),
      arm_(std::make_shared<detail::arm_client>(std::move(client), std::move(credentials),
                                                options_.management_endpoint)) {
    if (options_.batch_size == 0)
        throw options_error("azure alerts collector: batch size is 0");
    detail::check_subscriptions(options_.subscriptions, "alerts");
}

alerts_collector::~alerts_collector() = default;

std::uint64_t alerts_collector::calls() const noexcept {
    return arm_->calls();
}

asio::awaitable<void> alerts_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        arm_, std::move(walk), sink, [this, sink](std::string subscription) {
            return collect_subscription(std::move(subscription), sink);
        });
}

asio::awaitable<void>
alerts_collector::collect_subscription(std::string subscription,
                                       std::shared_ptr<inventory::record_sink> sink) {
    const std::string base = "/subscriptions/" + subscription + "/providers/";
    alert_join join;
    std::optional<std::string> url = arm_->url(
        base + "Microsoft.Insights/metricAlerts?api-version=" + options_.metric_alerts_api_version);
    while (url) {
        const std::string body = co_await arm_->get(*url);
        auto page = parse_metric_alert_page(body, *url);
        for (auto& rule : page.items)
            join.add_rule(std::move(rule));
        url = std::move(page.next_link);
    }
    // The nextLink of this list carries its own api-version (and an explicit :443):
    // it is followed verbatim; arm_client's origin check treats host:443 as host.
    url = arm_->url(base + "Microsoft.AlertsManagement/alerts?api-version=" +
                    options_.alerts_api_version + "&monitorCondition=Fired");
    std::vector<inventory::record> orphans;
    std::size_t fired = 0;
    while (url) {
        const std::string body = co_await arm_->get(*url);
        auto page = parse_fired_alert_page(body, *url);
        for (const auto& alert : page.items) {
            auto row = join.apply(alert);
            fired += iequals(alert.monitor_condition, "Fired") ? 1 : 0;
            if (row)
                orphans.push_back(std::move(*row));
            if (orphans.size() == options_.batch_size)
                co_await write_all(sink, std::exchange(orphans, {}), options_.batch_size);
        }
        url = std::move(page.next_link);
    }
    co_await write_all(sink, std::move(orphans), options_.batch_size);
    const auto rules = join.rule_count();
    co_await write_all(sink, join.take_rules(), options_.batch_size);
    spdlog::debug("azure alerts: subscription {}: {} rules, {} fired alerts, {} API calls so far",
                  subscription, rules, fired, arm_->calls());
}

} // namespace cloudsync::collectors::azure
