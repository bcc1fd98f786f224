// The AWS routes of cloudsim, one entry point: every request under
// /aws/<service>/<region>/ is authenticated (SigV4 recomputed, aws_auth.hpp),
// checked against the account's enabled regions and role rule, then answered
// by its service (aws_sts.hpp, aws_ec2.hpp, ...). Faults, latency and stats
// are the server's (server.cpp). Not here: the IMDS credentials route.
#pragma once

#include "cloudsim/aws_auth.hpp"
#include "cloudsim/aws_estate.hpp"
#include "cloudsim/aws_request.hpp"
#include "cloudsim/reply.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace cloudsync::cloudsim {

struct aws_serving {
    std::int64_t now = 0;             // seconds since the epoch
    std::size_t ec2_page_size = 1000; // items per EC2 page when MaxResults is absent
};

// "ec2.DescribeInstances", "s3.GetBucketLocation", "ecs.ListTasks": the name
// a request is counted under in the stats.
std::string aws_operation(const http_request& request, const aws_route& route);

reply handle_aws_request(const aws_estate& estate, aws_sessions& sessions,
                         const aws_serving& serving, const http_request& request,
                         const aws_route& route);

} // namespace cloudsync::cloudsim
