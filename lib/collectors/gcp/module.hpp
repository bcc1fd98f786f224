// The GCP provider module: one per account, built from the account's
// endpoints, projects and the one authorizer the daemon made from its key
// (service account or authorized user; one token serves every API, scopes.hpp),
// it makes each GCP collector (vms, networks, storage, containers, metrics, alerts). What is
// not here:
// reading the config (daemon), the collectors themselves.
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/provider_module.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::gcp {

struct storage_collector_options;
struct run_collector_options;
struct metrics_collector_options;
struct alert_policy_collector_options;

struct gcp_module_options {
    std::string compute_endpoint = "https://compute.googleapis.com";
    std::string storage_endpoint = "https://storage.googleapis.com";
    std::string run_endpoint = "https://run.googleapis.com";
    // Cloud Monitoring, for every kind read from it (metrics: time series;
    // alerts: alert policies).
    std::string monitoring_endpoint = "https://monitoring.googleapis.com";
    std::string resource_manager_endpoint = "https://cloudresourcemanager.googleapis.com";
    // config metrics.lookback: the metrics collector's window.
    std::chrono::seconds metrics_lookback = std::chrono::minutes(15);
    // Project ids; empty: every ACTIVE project the credentials can see.
    std::vector<std::string> projects;
    std::shared_ptr<auth::authorizer> credentials;
};

// Throws options_error from the constructor when a project id is malformed or
// the credentials are missing; make() throws what a collector's constructor
// throws. Kinds without a GCP collector yet give nullptr.
class gcp_module final : public provider_module {
public:
    gcp_module(engine_context engine, gcp_module_options options);

    inventory::provider cloud() const noexcept override { return inventory::provider::gcp; }
    std::unique_ptr<collector> make(inventory::collector_kind kind) const override;

private:
    storage_collector_options storage_options() const;
    run_collector_options run_options() const;
    metrics_collector_options metrics_options() const;
    alert_policy_collector_options alert_policy_options() const;

    engine_context engine_;
    gcp_module_options options_;
};

} // namespace cloudsync::collectors::gcp
