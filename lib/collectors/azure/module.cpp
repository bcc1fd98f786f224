#include "collectors/azure/module.hpp"

#include "collectors/azure/alerts_collector.hpp"
#include "collectors/azure/arm_throttle.hpp"
#include "collectors/azure/container_collector.hpp"
#include "collectors/azure/detail/arm.hpp"
#include "collectors/azure/metrics_collector.hpp"
#include "collectors/azure/network_collector.hpp"
#include "collectors/azure/storage_collector.hpp"
#include "collectors/azure/vm_collector.hpp"
#include "collectors/common/scope_walk.hpp"
#include "collectors/errors.hpp"

namespace cloudsync::collectors::azure {

namespace {

// The fields every Azure collector's options share.
template <class Options>
Options arm_options(const azure_module_options& o, std::shared_ptr<arm_throttle> throttle) {
    Options options;
    options.management_endpoint = o.management_endpoint;
    options.subscriptions = o.subscriptions;
    options.subscriptions_api_version = o.api_versions.subscriptions;
    options.throttle = std::move(throttle);
    return options;
}

} // namespace

azure_module::azure_module(engine_context engine, azure_module_options options)
    : engine_(std::move(engine)), options_(std::move(options)),
      throttle_(std::make_shared<arm_throttle>(engine_.throttle)) {
    options_.subscriptions = common::unique_scopes(std::move(options_.subscriptions), true);
    detail::check_subscriptions(options_.subscriptions, "account");
    if (!options_.arm_credentials || !engine_.http)
        throw options_error("azure module: no http client or ARM credentials");
}

azure_module::~azure_module() = default;

std::unique_ptr<collector> azure_module::make(inventory::collector_kind kind) const {
    using inventory::collector_kind;
    const auto& v = options_.api_versions;
    const auto& creds = options_.arm_credentials;
    switch (kind) {
    case collector_kind::vms: {
        auto o = arm_options<vm_collector_options>(options_, throttle_);
        o.compute_api_version = v.compute;
        o.network_api_version = v.vm_network;
        return std::make_unique<vm_collector>(engine_, creds, std::move(o));
    }
    case collector_kind::storage: {
        auto o = arm_options<storage_collector_options>(options_, throttle_);
        o.storage_api_version = v.storage;
        return std::make_unique<storage_collector>(engine_, creds, std::move(o));
    }
    case collector_kind::networks: {
        auto o = arm_options<network_collector_options>(options_, throttle_);
        o.network_api_version = v.network;
        return std::make_unique<network_collector>(engine_, creds, std::move(o));
    }
    case collector_kind::containers: {
        auto o = arm_options<container_collector_options>(options_, throttle_);
        o.container_instance_api_version = v.container_instance;
        return std::make_unique<container_collector>(engine_, creds, std::move(o));
    }
    case collector_kind::alerts: {
        auto o = arm_options<alerts_collector_options>(options_, throttle_);
        o.metric_alerts_api_version = v.metric_alerts;
        o.alerts_api_version = v.alerts;
        return std::make_unique<alerts_collector>(engine_, creds, std::move(o));
    }
    case collector_kind::metrics: {
        auto o = arm_options<metrics_collector_options>(options_, throttle_);
        o.metrics_endpoint = options_.metrics_endpoint;
        o.compute_api_version = v.compute;
        o.metrics_api_version = v.metrics;
        o.lookback = options_.metrics_lookback;
        return std::make_unique<metrics_collector>(engine_, creds, options_.metrics_credentials,
                                                   std::move(o));
    }
    }
    return nullptr;
}

} // namespace cloudsync::collectors::azure
