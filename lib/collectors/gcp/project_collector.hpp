// What every GCP collector that reads one Google API per project shares
// (Compute's vms and networks, Storage's buckets): the API's client and, when
// no project is configured, Resource Manager's (detail/compute.hpp checks the
// options), the walk over the projects, one scope per project with the
// failure rules of detail/compute.hpp (an unreachable zone fails the project's
// scope, a disabled API reads as empty). A kind implements collect_project().
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

// What the base needs of a kind's options (compute_options.hpp,
// storage_collector.hpp), after the kind has picked its API's endpoint.
struct project_collector_options {
    std::string endpoint;                  // the API's base URL
    std::string resource_manager_endpoint; // used only when projects is empty
    std::vector<std::string> projects;     // empty: every ACTIVE project; made unique
    unsigned max_results = 0;              // 1..max_results_limit
    unsigned max_results_limit = 0;        // what the API serves at most per page
    std::size_t batch_size = 0;            // records per sink->write(), > 0
};

// Thread safety: runs on the engine's HTTP client executor. The constructor
// throws options_error for an unusable endpoint, batch size, maxResults or
// project id.
class project_collector : public collector {
public:
    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) final;
    ~project_collector() override;

protected:
    // kind: the collector's name in the clients' logs and errors ("vms").
    project_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                      project_collector_options options, const char* kind);

    // Called once at the start of each collect(), before any project: what
    // every project of one pass shares (the metrics collector's time window).
    virtual void begin_pass() {}

    // One project's records into out (owned by the walk, alive until this
    // returns). Throws to fail that project's scope.
    virtual boost::asio::awaitable<void> collect_project(std::string project,
                                                         inventory::scope_sink& out) = 0;

    project_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> api_;
    std::shared_ptr<common::api_client> resource_manager_; // null when projects are configured
};

} // namespace cloudsync::collectors::gcp
