// The GCP vms collector: for each project, pages Compute's aggregated
// instances list (maxResults=500, returnPartialSuccess=true) and pushes one
// `vms` record per instance (instance_page.hpp). API calls per sync = project
// search pages (when none are configured) + instance pages per project. A
// project whose list names unreachable zones is failed (its rows kept); one
// whose Compute API is disabled has no VMs (detail/compute.hpp).
#pragma once

#include "collectors/gcp/compute_options.hpp"
#include "collectors/gcp/project_collector.hpp"

namespace cloudsync::collectors::gcp {

class vm_collector final : public project_collector {
public:
    vm_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                 compute_collector_options options);

private:
    boost::asio::awaitable<void> collect_project(std::string project,
                                                 inventory::scope_sink& out) override;
};

} // namespace cloudsync::collectors::gcp
