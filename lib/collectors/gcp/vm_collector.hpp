// The GCP vms collector: for each project, pages Compute's aggregated
// instances list (maxResults=500, returnPartialSuccess=true) and pushes one
// `vms` record per instance (instance_page.hpp). API calls per sync = project
// search pages (when none are configured) + instance pages per project. A
// project whose list names unreachable zones is failed (its rows kept); one
// whose Compute API is disabled has no VMs (detail/compute.hpp).
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
class vm_collector final : public collector {
public:
    vm_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                 compute_collector_options options);
    ~vm_collector() override;

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
