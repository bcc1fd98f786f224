// ECS under /aws/ecs/<region>/ (JSON 1.1, X-Amz-Target
// AmazonEC2ContainerServiceV20141113.<Op>): ListClusters (maxResults 1..100,
// nextToken), ListTasks (cluster, desiredStatus, maxResults, nextToken) and
// DescribeTasks (at most 100 tasks, else InvalidParameterException; unknown
// ones as failures with reason MISSING). Shapes per the ecs.* fixtures and
// the botocore model; errors as JSON with __type.
#pragma once

#include "cloudsim/aws_estate.hpp"
#include "cloudsim/reply.hpp"

#include <string_view>

namespace cloudsync::cloudsim {

// operation: the part of X-Amz-Target after the prefix.
reply handle_ecs(const aws_account& account, const aws_region& region, std::string_view operation,
                 std::string_view body);

} // namespace cloudsync::cloudsim
