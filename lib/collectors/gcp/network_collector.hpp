// The GCP networks collector: for each project, pages the aggregated
// subnetworks list, then the networks (global/networks), and pushes one
// `subnets` record per subnetwork and one `networks` record per network whose
// cidrs are its subnetworks' ranges (or a legacy network's IPv4Range;
// network_join.hpp). Subnetworks are listed first so each network row is
// complete when written. Failure rules as vm_collector.hpp.
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/collector.hpp"
#include "collectors/common/engine.hpp"
#include "collectors/gcp/compute_options.hpp"

#include <memory>
#include <string>

namespace cloudsync::collectors::common {
class api_client;
}

namespace cloudsync::collectors::gcp {

// Thread safety: runs on the engine's HTTP client executor. The constructor
// throws options_error for an unusable endpoint, batch size or project id.
class network_collector final : public collector {
public:
    network_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                      compute_collector_options options);
    ~network_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

private:
    // out: the project's scope, owned by the walk and alive until this returns.
    boost::asio::awaitable<void> collect_project(std::string project, inventory::scope_sink& out);

    compute_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> compute_;
    std::shared_ptr<common::api_client> resource_manager_; // null when projects are configured
};

} // namespace cloudsync::collectors::gcp
