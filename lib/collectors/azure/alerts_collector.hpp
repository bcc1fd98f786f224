// The Azure alerts collector: for each subscription, pages the metric alert rules
// (Microsoft.Insights/metricAlerts) into an alert_join, then pages the fired
// alerts of Alerts Management (monitorCondition=Fired), writing the rows of fired
// alerts whose rule is unknown as they come, and finally the rules with their
// state (firing or ok). Rules are buffered for one subscription only (see
// alert_join.hpp for the bound); fired alerts stream.
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/collector.hpp"
#include "collectors/common/engine.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::common {
class api_client;
}

namespace cloudsync::collectors::azure {


struct alerts_collector_options {
    std::string management_endpoint = "https://management.azure.com";
    std::vector<std::string> subscriptions; // empty: every visible subscription
    std::string subscriptions_api_version = "2022-12-01";
    // The long-standing stable; 2026-06-01 returns the same shape (both official
    // examples are parsed in the tests).
    std::string metric_alerts_api_version = "2018-03-01";
    std::string alerts_api_version = "2019-03-01";
    std::size_t batch_size = 1000; // records per sink->write()
    // The account's ARM throttle, shared by its collectors (azure_module); null: none.
    std::shared_ptr<common::throttle> throttle;
};

// Thread safety and failure as vm_collector (collector.hpp): one collect() at a
// time. A subscription whose rules or alerts cannot be read completely
// (api_error 403, 404, 409, 429, 5xx; page_error; transport error; see
// common/scope_walk.hpp) is failed as a scope — its rules are
// neither written nor half-joined — and the next subscription is read. The
// constructor throws options_error for an unusable endpoint, batch size or id.
class alerts_collector final : public collector {
public:
    // Reads with the engine's HTTP client, parse executor and scope concurrency.
    alerts_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
        alerts_collector_options options);
    ~alerts_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

    std::uint64_t calls() const noexcept;

private:
    // out: the subscription's scope, owned by the walk and alive until this returns.
    boost::asio::awaitable<void> collect_subscription(std::string subscription,
                                                      inventory::scope_sink& out);

    alerts_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> arm_;
};

} // namespace cloudsync::collectors::azure
