// The Azure metrics collector: for each subscription, pages the VMs (id and
// location only), groups them by region and asks the regional Azure Monitor data
// plane for Percentage CPU, Network In/Out Total and Disk Read/Write Bytes of up
// to 50 VMs per metrics:getBatch call over the lookback window, and pushes the
// normalized samples to the sink. Calls: VM pages + sum over regions of
// ceil(VMs in region / 50); memory: at most 49 pending ids per region plus one
// batch of samples.
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/collector.hpp"
#include "collectors/common/engine.hpp"
#include "core/clock.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::common {
class api_client;
}

namespace cloudsync::collectors::azure {

namespace detail {
class metrics_client;
}
struct metric_batch;

struct metrics_collector_options {
    std::string management_endpoint = "https://management.azure.com";
    // config endpoints.metrics: the regional data plane, "{region}" is replaced by
    // the VM's ARM location. Its token audience is the metrics one (see the
    // constructor), never ARM's.
    std::string metrics_endpoint = "https://{region}.metrics.monitor.azure.com";
    std::vector<std::string> subscriptions; // empty: every visible subscription
    std::string subscriptions_api_version = "2022-12-01";
    std::string compute_api_version = "2026-03-01";
    std::string metrics_api_version = "2024-02-01";
    // config metrics.lookback; the window is [now - lookback, now] in whole minutes.
    std::chrono::seconds lookback = std::chrono::minutes(15);
    std::size_t resources_per_call = 50; // 1..50 (the API's limit)
    std::size_t batch_size = 5000;       // samples per sink->write_samples()
    // The account's ARM throttle, shared by its collectors (azure_module); null: none.
    std::shared_ptr<common::throttle> throttle;
};

// Thread safety and failure as vm_collector (collector.hpp): one collect() at a
// time. The metrics token is obtained before the first subscription, so a
// metrics credential that cannot get one fails the whole collection (auth_error).
// A subscription whose VM list or metrics call fails (api_error 403, 404, 409,
// 429, 5xx; page_error; transport error) is failed as a scope and the next one
// is read (common/scope_walk.hpp); a metric the API reports with errorCode !=
// Success is skipped with a warning, not fatal. The constructor throws
// options_error for unusable endpoints, sizes, lookback or subscription ids.
class metrics_collector final : public collector {
public:
    // arm_credentials: token for the management endpoint (VM and subscription
    // lists). metrics_credentials: token for the metrics audience
    // ("https://metrics.monitor.azure.com/.default" in the public cloud).
    metrics_collector(common::engine_context engine,
                      std::shared_ptr<auth::authorizer> arm_credentials,
                      std::shared_ptr<auth::authorizer> metrics_credentials,
                      metrics_collector_options options,
                      std::shared_ptr<const cloudsync::clock> clock = nullptr);
    ~metrics_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

    // Calls made so far (tests and the API-call figure).
    std::uint64_t arm_calls() const noexcept;
    std::uint64_t metrics_calls() const noexcept;

private:
    struct pass;
    // out: the subscription's scope, owned by the walk and alive until this returns.
    boost::asio::awaitable<void> collect_subscription(std::string subscription,
                                                      inventory::scope_sink& out,
                                                      std::shared_ptr<pass> state);
    // Appends the batch's samples to samples (the scope's, alive until it returns).
    boost::asio::awaitable<void> query(std::string subscription, metric_batch batch,
                                       std::shared_ptr<pass> state,
                                       std::vector<inventory::metric_sample>& samples);
    boost::asio::awaitable<void> flush(inventory::scope_sink& out, std::shared_ptr<pass> state,
                                       std::vector<inventory::metric_sample>& samples);

    metrics_collector_options options_;
    std::shared_ptr<const cloudsync::clock> clock_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> arm_;
    std::unique_ptr<detail::metrics_client> metrics_;
};

} // namespace cloudsync::collectors::azure
