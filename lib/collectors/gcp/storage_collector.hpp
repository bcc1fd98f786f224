// The GCP storage collector: for each project, pages Cloud Storage's bucket
// list (`storage/v1/b?project=P&projection=full&maxResults=1000`, ACLs
// included so public ACL entries are seen) and pushes one `storage` record of
// type "bucket" per bucket (bucket_page.hpp). API calls per sync = project
// search pages (when none are configured) + bucket pages per project. One
// scope per project with the rules of detail/compute.hpp: a project whose
// Storage API is disabled has no buckets; its 403 / 5xx / malformed page fails
// that project only (its rows kept).
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/collector.hpp"
#include "collectors/common/engine.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::common {
class api_client;
}

namespace cloudsync::collectors::gcp {

struct storage_collector_options {
    std::string storage_endpoint = "https://storage.googleapis.com";
    std::string resource_manager_endpoint = "https://cloudresourcemanager.googleapis.com";
    // Project ids; empty: every ACTIVE project Resource Manager shows. Repeats are read once.
    std::vector<std::string> projects;
    unsigned max_results = 1000;   // maxResults of each list (Storage serves at most 1000)
    std::size_t batch_size = 1000; // records per sink->write()
};

// Thread safety: runs on the engine's HTTP client executor. The constructor
// throws options_error for an unusable endpoint, batch size, maxResults or
// project id.
class storage_collector final : public collector {
public:
    storage_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                      storage_collector_options options);
    ~storage_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

private:
    // out: the project's scope, owned by the walk and alive until this returns.
    boost::asio::awaitable<void> collect_project(std::string project, inventory::scope_sink& out);

    storage_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> storage_;
    std::shared_ptr<common::api_client> resource_manager_; // null when projects are configured
};

} // namespace cloudsync::collectors::gcp
