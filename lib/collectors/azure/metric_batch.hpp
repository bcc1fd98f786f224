// The requests of Azure Monitor's metrics:getBatch: grouping resources into calls
// (the API takes one subscription, one region and one resource type per call,
// and at most 50 resource ids), the regional endpoint, the query string and the
// JSON body. What is sent and how the answer is read are metrics_collector's and
// metric_page's.
#pragma once

#include "collectors/common/utc_time.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure {

// The API's limit of resource ids per metrics:getBatch call.
inline constexpr std::size_t max_resources_per_batch = 50;

// One metrics:getBatch call's resources: all of one region.
struct metric_batch {
    std::string region;
    std::vector<std::string> resource_ids;
};

// Collects resource ids per region and hands out a full batch as soon as a
// region has `per_call` of them, so memory stays at most (per_call - 1) ids per
// region whatever the number of resources. Not thread-safe.
class region_batcher {
public:
    // Throws options_error when per_call is 0 or above max_resources_per_batch.
    explicit region_batcher(std::size_t per_call = max_resources_per_batch);

    // Adds one resource; returns the region's batch when it just filled.
    std::optional<metric_batch> add(std::string region, std::string resource_id);

    // The partly filled batches left, ordered by region; the batcher is empty after.
    std::vector<metric_batch> drain();

private:
    std::size_t per_call_;
    std::map<std::string, std::vector<std::string>> pending_;
};

// An ARM location as it may appear in a host name: lower case, [a-z0-9] only
// ("eastus", "westeurope"); nullopt for anything else (a display name such as
// "East US", or text that could change the host).
std::optional<std::string> metric_region(std::string_view location);

// endpoint_template with every "{region}" replaced by region and trailing slashes
// removed ("https://{region}.metrics.monitor.azure.com" -> "https://eastus...").
std::string regional_endpoint(std::string_view endpoint_template, std::string_view region);

// What one call asks for. The defaults are the VM metrics of the issue.
struct metric_query {
    std::string api_version = "2024-02-01";
    std::string metric_namespace = "Microsoft.Compute/virtualMachines";
    std::vector<std::string> metric_names; // joined with ',' (the API's CSV array)
    std::string aggregation = "average,total";
    std::string interval = "PT1M";
};
metric_query vm_metric_query();

// "{endpoint}/subscriptions/{subscription}/metrics:getBatch?api-version=...
// &starttime=...&endtime=...&interval=...&metricnamespace=...&metricnames=...
// &aggregation=..." with every query value percent-encoded (spaces as %20).
std::string batch_url(std::string_view endpoint, std::string_view subscription,
                      const common::metric_window& window, const metric_query& query);

// {"resourceids":[...]}
std::string batch_body(const std::vector<std::string>& resource_ids);

} // namespace cloudsync::collectors::azure
