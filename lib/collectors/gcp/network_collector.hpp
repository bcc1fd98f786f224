// The GCP networks collector: for each project, pages the aggregated
// subnetworks list, then the networks (global/networks), and pushes one
// `subnets` record per subnetwork and one `networks` record per network whose
// cidrs are its subnetworks' ranges (or a legacy network's IPv4Range;
// network_join.hpp). Subnetworks are listed first so each network row is
// complete when written. Failure rules as vm_collector.hpp.
#pragma once

#include "collectors/gcp/compute_options.hpp"
#include "collectors/gcp/project_collector.hpp"

namespace cloudsync::collectors::gcp {

class network_collector final : public project_collector {
public:
    network_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                      compute_collector_options options);

private:
    boost::asio::awaitable<void> collect_project(std::string project,
                                                 inventory::scope_sink& out) override;
};

} // namespace cloudsync::collectors::gcp
