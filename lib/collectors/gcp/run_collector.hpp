// The GCP containers collector: Cloud Run services. For each project it pages
// Cloud Run's region list (`v1/projects/P/locations`, run_location_page.hpp;
// v2 has no list across regions), then each region's services
// (`v2/projects/P/locations/L/services`, run_service_page.hpp), a few regions
// at a time, and pushes one `containers` record per service. API calls per
// sync = project search pages (when none are configured) + per project: the
// location pages + at least one services page per location (about 40 regions
// today, most of them empty: the API offers nothing cheaper).
//
// One scope per project with the rules of detail/compute.hpp: a project whose
// Cloud Run API is disabled has no services (the location list answers 403
// SERVICE_DISABLED); a 403 / 5xx (after retries) / malformed page of the
// location list or of any one region's services fails that project only, its
// rows kept, and so does a SERVICE_DISABLED from a region's services once the
// location list was read (the API switched off mid-sync). The token needs the
// cloud-platform scope, the only one Run v2 accepts (auth/gcp/scopes.hpp).
#pragma once

#include "collectors/gcp/project_collector.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace cloudsync::collectors::gcp {

struct run_collector_options {
    std::string run_endpoint = "https://run.googleapis.com";
    std::string resource_manager_endpoint = "https://cloudresourcemanager.googleapis.com";
    // Project ids; empty: every ACTIVE project Resource Manager shows. Repeats are read once.
    std::vector<std::string> projects;
    // pageSize of both lists, 1..1000. Run documents no maximum; AIP-158 has a
    // server coerce a larger page size to its own, so paging stays correct.
    unsigned page_size = 500;
    std::size_t regions_at_once = 4; // services lists of one project in flight, >= 1
    std::size_t batch_size = 1000;   // records per sink->write()
};

// Throws options_error from the constructor as project_collector does, and for
// regions_at_once 0.
class run_collector final : public project_collector {
public:
    run_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                  run_collector_options options);

private:
    boost::asio::awaitable<void> collect_project(std::string project,
                                                 inventory::scope_sink& out) override;
    boost::asio::awaitable<std::vector<std::string>> list_locations(std::string project);

    std::size_t regions_at_once_;
};

} // namespace cloudsync::collectors::gcp
