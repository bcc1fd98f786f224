// EC2 under /aws/ec2/<region>/ (EC2 Query protocol, Version 2016-11-15,
// namespace http://ec2.amazonaws.com/doc/2016-11-15/): DescribeRegions (the
// account's enabled regions), DescribeInstances (instances grouped in
// reservations, MaxResults 5..1000, opaque NextToken, InstanceId.N),
// DescribeVpcs and DescribeSubnets (MaxResults 5..1000, NextToken), shaped
// as the ec2.*.xml fixtures. Errors as <Response><Errors><Error>. Filters
// are not evaluated (no client of the sim sends them).
// The caller is already authenticated and allowed (aws_services.hpp).
#pragma once

#include "cloudsim/aws_estate.hpp"
#include "cloudsim/aws_request.hpp"
#include "cloudsim/reply.hpp"

#include <cstddef>

namespace cloudsync::cloudsim {

// region: the URL's, already known to be enabled for the account.
reply handle_ec2(const aws_account& account, const aws_region& region, const aws_params& params,
                 std::size_t default_page_size);

} // namespace cloudsync::cloudsim
