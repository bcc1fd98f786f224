// The AWS side of cloudsim's URL scheme and request reading. Every AWS service
// is served under /aws/<service>/<region>/... (service: sts, ec2, s3,
// monitoring, ecs), so a daemon's endpoint template is e.g.
// http://127.0.0.1:PORT/aws/ec2/{region}. Query APIs read their parameters
// from the query string and an application/x-www-form-urlencoded body.
// Not here: authentication (aws_auth.hpp) and the services themselves.
#pragma once

#include "cloudsim/aws_sigv4.hpp"
#include "cloudsim/reply.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::cloudsim {

struct aws_route {
    std::string service; // sts, ec2, s3, monitoring, ecs
    std::string region;
    std::string rest;  // the path after "/aws/<service>/<region>/", as received (S3: the bucket)
    std::string query; // after '?', as received ("" when none)
};

// nullopt when the target is not under /aws/<service>/<region> (with or
// without a trailing slash) or names an unknown service.
std::optional<aws_route> parse_aws_route(std::string_view target);

// The request as SigV4 sees it: method, target, every header as received, body.
sigv4_request to_sigv4_request(const http_request& request);

using aws_params = std::vector<std::pair<std::string, std::string>>;
// The query string's parameters, then the form body's (form decoding: '+' is a space).
aws_params aws_query_params(const http_request& request);
std::optional<std::string> aws_param(const aws_params& params, std::string_view name);

} // namespace cloudsync::cloudsim
