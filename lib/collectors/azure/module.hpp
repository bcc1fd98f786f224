// The Azure provider module: one per account, built from the account's
// endpoints, subscriptions, API versions and the two authorizers the daemon
// made from its config (ARM's audience and Azure Monitor's), it makes each
// Azure collector. Every collector of the account shares the ARM throttle, so
// one subscription's read budget is counted once. What is not here: reading
// the config (daemon), the collectors themselves.
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/provider_module.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::azure {

class arm_throttle;

struct azure_api_versions {
    std::string subscriptions = "2022-12-01";
    std::string compute = "2026-03-01";
    std::string vm_network = "2026-01-01"; // NICs and public IPs of the VM collector
    std::string network = "2025-09-01";    // virtual networks
    std::string storage = "2025-08-01";
    std::string container_instance = "2026-05-01";
    std::string metric_alerts = "2018-03-01";
    std::string alerts = "2019-03-01";
    std::string metrics = "2024-02-01";
};

struct azure_module_options {
    std::string management_endpoint = "https://management.azure.com";
    std::string metrics_endpoint = "https://{region}.metrics.monitor.azure.com";
    // Subscription GUIDs; empty: every subscription the credential can list.
    // Repeats (any case) are read once.
    std::vector<std::string> subscriptions;
    azure_api_versions api_versions;
    std::chrono::seconds metrics_lookback = std::chrono::minutes(15);
    std::shared_ptr<auth::authorizer> arm_credentials;     // management endpoint audience
    std::shared_ptr<auth::authorizer> metrics_credentials; // metrics audience (metrics only)
};

// Throws options_error from the constructor when a subscription id is not a
// GUID or the ARM credentials are missing; make() throws what a collector's
// constructor throws (an unusable endpoint).
class azure_module final : public provider_module {
public:
    azure_module(engine_context engine, azure_module_options options);
    ~azure_module() override;

    inventory::provider cloud() const noexcept override { return inventory::provider::azure; }
    std::unique_ptr<collector> make(inventory::collector_kind kind) const override;

private:
    engine_context engine_;
    azure_module_options options_;
    std::shared_ptr<arm_throttle> throttle_;
};

} // namespace cloudsync::collectors::azure
