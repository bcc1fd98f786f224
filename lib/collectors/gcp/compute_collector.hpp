// What every GCP Compute collector shares: the Compute and Resource Manager
// clients of one account (detail/compute.hpp), the walk over its projects
// (configured, or discovered when none are), one scope per project with the
// Compute failure rules (detail/compute.hpp: an unreachable zone fails the
// project's scope, a disabled API reads as empty). A kind implements
// collect_project(); vm_collector and network_collector are the kinds today.
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
class compute_collector : public collector {
public:
    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) final;
    ~compute_collector() override;

protected:
    // kind: the collector's name in the clients' logs and errors ("vms").
    compute_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                      compute_collector_options options, const char* kind);

    // One project's records into out (owned by the walk, alive until this
    // returns). Throws to fail that project's scope.
    virtual boost::asio::awaitable<void> collect_project(std::string project,
                                                         inventory::scope_sink& out) = 0;

    compute_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> compute_;
    std::shared_ptr<common::api_client> resource_manager_; // null when projects are configured
};

} // namespace cloudsync::collectors::gcp
