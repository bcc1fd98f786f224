// The GCP alerts collector: for each project, pages Cloud Monitoring's alert
// policy list (`v3/projects/P/alertPolicies?pageSize=1000`) and pushes one
// `alerts` record per policy (alert_policy_page.hpp; its state is always
// unknown: Monitoring has no public API for open incidents). API calls per
// sync = project search pages (when none are configured) + policy pages per
// project. One scope per project with the rules of detail/compute.hpp: a
// project whose Monitoring API is disabled has no policies; its 403 / 5xx /
// malformed page fails that project only (its rows kept).
#pragma once

#include "collectors/gcp/project_collector.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace cloudsync::collectors::gcp {

struct alert_policy_collector_options {
    std::string monitoring_endpoint = "https://monitoring.googleapis.com";
    std::string resource_manager_endpoint = "https://cloudresourcemanager.googleapis.com";
    // Project ids; empty: every ACTIVE project Resource Manager shows. Repeats are read once.
    std::vector<std::string> projects;
    // pageSize of each list, 1..1000. Monitoring documents no maximum; AIP-158
    // has a service serve fewer than asked rather than fail, so a large value
    // only saves calls.
    unsigned page_size = 1000;
    std::size_t batch_size = 1000; // records per sink->write()
};

class alert_policy_collector final : public project_collector {
public:
    alert_policy_collector(common::engine_context engine,
                           std::shared_ptr<auth::authorizer> credentials,
                           alert_policy_collector_options options);

private:
    boost::asio::awaitable<void> collect_project(std::string project,
                                                 inventory::scope_sink& out) override;
};

} // namespace cloudsync::collectors::gcp
