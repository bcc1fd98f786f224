// Parse of the ECS (JSON 1.1 protocol) answers the containers collector reads:
// ListClusters and ListTasks pages (ARNs and nextToken) and DescribeTasks
// (one containers record per task, plus the failures ECS reports beside them).
// Pure: no requests, no paging loop. Every parser throws page_error naming the
// member (`tasks[2].containers[0].image is not a string`) when the body is not
// a JSON object or a member has another type than the API documents; absent
// and null are the same. What is not here: clusters' own rows (none are kept).
#pragma once

#include "collectors/aws/ec2_pages.hpp" // token_page
#include "inventory/record.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::aws {

// ListClusters: clusterArns (absent: none; each an ARN) and nextToken.
token_page<std::string> parse_cluster_list(std::string_view json);
// ListTasks: taskArns (absent: none; each an ARN) and nextToken.
token_page<std::string> parse_task_list(std::string_view json);

// An entry of DescribeTasks' failures: a task ECS could not describe (e.g.
// reason MISSING: it stopped and is gone). The caller decides whether that
// makes its scope incomplete.
struct ecs_failure {
    std::string arn;
    std::string reason;
    std::string detail;
};

struct task_page {
    std::vector<inventory::record> items;
    std::vector<ecs_failure> failures;
};

// DescribeTasks: one record per tasks[] entry: native_id the taskArn
// (required, an ARN), name the task definition's family:revision (from
// taskDefinitionArn) else the task id (the ARN's last segment), region =
// region, state = lastStatus as sent (PROVISIONING, PENDING, ACTIVATING,
// RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED, DELETED), images =
// every containers[].image once, tags the tags[] {key, value} as an object,
// raw the task without the values of overrides.containerOverrides[].
// environment[] (they may hold credentials; the names stay).
task_page parse_task_page(std::string_view json, std::string_view region);

} // namespace cloudsync::collectors::aws
