// The GCP storage collector: for each project, pages Cloud Storage's bucket
// list (`storage/v1/b?project=P&projection=full&maxResults=1000`, ACLs
// included so public ACL entries are seen) and pushes one `storage` record of
// type "bucket" per bucket (bucket_page.hpp). API calls per sync = project
// search pages (when none are configured) + bucket pages per project. One
// scope per project with the rules of detail/compute.hpp: a project whose
// Storage API is disabled has no buckets; its 403 / 5xx / malformed page fails
// that project only (its rows kept).
#pragma once

#include "collectors/gcp/project_collector.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace cloudsync::collectors::gcp {

struct storage_collector_options {
    std::string storage_endpoint = "https://storage.googleapis.com";
    std::string resource_manager_endpoint = "https://cloudresourcemanager.googleapis.com";
    // Project ids; empty: every ACTIVE project Resource Manager shows. Repeats are read once.
    std::vector<std::string> projects;
    unsigned max_results = 1000;   // maxResults of each list (Storage serves at most 1000)
    std::size_t batch_size = 1000; // records per sink->write()
};

class storage_collector final : public project_collector {
public:
    storage_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                      storage_collector_options options);

private:
    boost::asio::awaitable<void> collect_project(std::string project,
                                                 inventory::scope_sink& out) override;
};

} // namespace cloudsync::collectors::gcp
