// The options every GCP Compute collector of an account takes: where Compute
// and Resource Manager are, the projects (configured, or discovered), paging
// and batching. The module (module.hpp) fills them from its own options.
#pragma once

#include "collectors/gcp/project_collector.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace cloudsync::collectors::gcp {

struct compute_collector_options {
    std::string compute_endpoint = "https://compute.googleapis.com";
    std::string resource_manager_endpoint = "https://cloudresourcemanager.googleapis.com";
    // Project ids; empty: every ACTIVE project Resource Manager shows. Repeats are read once.
    std::vector<std::string> projects;
    unsigned max_results = 500;    // maxResults of each list (Compute allows 0..500)
    std::size_t batch_size = 1000; // records per sink->write()
};

// The base's options for a Compute collector (Compute serves 500 a page at most).
inline project_collector_options compute_project(compute_collector_options o) {
    return {std::move(o.compute_endpoint),
            std::move(o.resource_manager_endpoint),
            std::move(o.projects),
            o.max_results,
            500,
            o.batch_size};
}

} // namespace cloudsync::collectors::gcp
