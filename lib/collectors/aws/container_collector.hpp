// The AWS containers collector: per region, ECS ListClusters, then for each
// cluster (a few at a time) ListTasks and, per page of at most 100 task ARNs,
// DescribeTasks: one `containers` record per task (ecs_pages.hpp). ECS speaks
// JSON 1.1 (POST to the endpoint's root with X-Amz-Target), paged by
// nextToken in the body. A task that stopped between the two calls (failure
// reason MISSING) is gone, not an error; any other failure of DescribeTasks
// fails the region's scope, so nothing of it is deleted.
#pragma once

#include "collectors/aws/region_collector.hpp"

#include <cstddef>

namespace cloudsync::collectors::aws {

struct container_collector_options {
    unsigned max_results = 100;          // maxResults of ListClusters/ListTasks (1..100)
    std::size_t cluster_concurrency = 4; // clusters read at the same time in a region
    std::size_t batch_size = 500;        // records per sink->write()
};

class container_collector final : public region_collector {
public:
    // Throws options_error for max_results outside 1..100 or a zero
    // concurrency or batch size.
    container_collector(std::shared_ptr<account_access> account,
                        container_collector_options options = {});

private:
    boost::asio::awaitable<void> collect_region(std::string region, std::string account_id,
                                                inventory::scope_sink& out) override;
    container_collector_options options_;
};

} // namespace cloudsync::collectors::aws
