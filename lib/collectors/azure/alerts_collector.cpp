#include "collectors/azure/alerts_collector.hpp"

#include "collectors/azure/alert_join.hpp"
#include "collectors/azure/alert_page.hpp"
#include "collectors/azure/detail/arm.hpp"
#include "collectors/errors.hpp"
#include "core/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

namespace {

// Writes records in chunks of at most `size`. out outlives the call (the walk's).
asio::awaitable<void> write_all(inventory::scope_sink& out, std::vector<inventory::record> records,
                                std::size_t size) {
    for (std::size_t from = 0; from < records.size(); from += size) {
        const auto to = std::min(records.size(), from + size);
        std::vector<inventory::record> chunk(
            std::make_move_iterator(records.begin() + static_cast<std::ptrdiff_t>(from)),
            std::make_move_iterator(records.begin() + static_cast<std::ptrdiff_t>(to)));
        co_await out.write(std::move(chunk));
    }
}

} // namespace

alerts_collector::alerts_collector(common::engine_context engine,
                                   std::shared_ptr<auth::authorizer> credentials,
                                   alerts_collector_options options)
    : options_(std::move(options)), engine_(std::move(engine)),
      arm_(detail::make_arm_client(engine_.http, std::move(credentials),
                                   options_.management_endpoint, options_.throttle)) {
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
        engine_, arm_, std::move(walk), std::move(sink),
        [this](std::string subscription, inventory::scope_sink& out) {
            return collect_subscription(std::move(subscription), out);
        });
}

asio::awaitable<void> alerts_collector::collect_subscription(std::string subscription,
                                                             inventory::scope_sink& out) {
    const std::string base = "/subscriptions/" + subscription + "/providers/";
    alert_join join;
    co_await detail::arm_list<inventory::record>(
        engine_, arm_, subscription,
        arm_->url(base + "Microsoft.Insights/metricAlerts?api-version=" +
                  options_.metric_alerts_api_version),
        [](const raw_page& page, std::string_view url) {
            return parse_metric_alert_page(page, url).items;
        },
        [&join](std::vector<inventory::record> rules) -> asio::awaitable<void> {
            for (auto& rule : rules)
                join.add_rule(std::move(rule));
            co_return;
        });
    // The nextLink of this list carries its own api-version (and an explicit :443):
    // it is followed verbatim; the origin check treats host:443 as host.
    std::vector<inventory::record> orphans;
    std::size_t fired = 0;
    co_await detail::arm_list<fired_alert>(
        engine_, arm_, subscription,
        arm_->url(base + "Microsoft.AlertsManagement/alerts?api-version=" +
                  options_.alerts_api_version + "&monitorCondition=Fired"),
        [](const raw_page& page, std::string_view url) {
            return parse_fired_alert_page(page, url).items;
        },
        [&](std::vector<fired_alert> alerts) -> asio::awaitable<void> {
            for (const auto& alert : alerts) {
                auto row = join.apply(alert);
                fired += iequals(alert.monitor_condition, "Fired") ? 1 : 0;
                if (row)
                    orphans.push_back(std::move(*row));
                if (orphans.size() == options_.batch_size)
                    co_await write_all(out, std::exchange(orphans, {}), options_.batch_size);
            }
        });
    co_await write_all(out, std::move(orphans), options_.batch_size);
    const auto rules = join.rule_count();
    co_await write_all(out, join.take_rules(), options_.batch_size);
    spdlog::debug("azure alerts: subscription {}: {} rules, {} fired alerts, {} API calls so far",
                  subscription, rules, fired, arm_->calls());
}

} // namespace cloudsync::collectors::azure
