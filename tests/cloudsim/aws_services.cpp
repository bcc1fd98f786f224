#include "cloudsim/aws_services.hpp"

#include "cloudsim/aws_cloudwatch.hpp"
#include "cloudsim/aws_ec2.hpp"
#include "cloudsim/aws_ecs.hpp"
#include "cloudsim/aws_reply.hpp"
#include "cloudsim/aws_s3.hpp"
#include "cloudsim/aws_sts.hpp"

#include <variant>

namespace cloudsync::cloudsim {

namespace {

constexpr std::string_view ecs_prefix = "AmazonEC2ContainerServiceV20141113.";

// The S3 operation a path-style request asks for.
std::string s3_operation(const http_request& request, const aws_route& route) {
    if (route.rest.empty())
        return "ListBuckets";
    for (const auto* sub :
         {"location", "publicAccessBlock", "policyStatus", "versioning", "encryption"}) {
        const std::string_view q = route.query;
        if (q == sub || q.starts_with(std::string(sub) + "&") ||
            q.starts_with(std::string(sub) + "=")) {
            std::string name = sub;
            name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
            return "GetBucket" + name;
        }
    }
    return std::string(request.method_string()) + "Object";
}

} // namespace

std::string aws_operation(const http_request& request, const aws_route& route) {
    std::string op;
    if (route.service == "s3") {
        op = s3_operation(request, route);
    } else if (route.service == "ecs") {
        const std::string_view target = request["X-Amz-Target"];
        op = target.starts_with(ecs_prefix) ? std::string(target.substr(ecs_prefix.size()))
                                            : "unknown";
    } else {
        op = aws_param(aws_query_params(request), "Action").value_or("unknown");
    }
    return route.service + "." + op;
}

reply handle_aws_request(const aws_estate& estate, aws_sessions& sessions,
                         const aws_serving& serving, const http_request& request,
                         const aws_route& route) {
    const aws_protocol protocol = aws_protocol_of(route.service);
    auto authenticated = aws_authenticate(request, route, estate, sessions, serving.now);
    if (const auto* refused = std::get_if<sigv4_error>(&authenticated))
        return aws_auth_failure(protocol, *refused, route.region);
    const auto& caller = std::get<aws_caller>(authenticated);
    if (route.service == "sts")
        return handle_sts(estate, sessions, caller, aws_query_params(request), serving.now);

    const auto operation = aws_operation(request, route);
    const auto action_service =
        route.service == "monitoring" ? std::string("cloudwatch") : route.service;
    if (!caller.may_read_data())
        return aws_access_denied(protocol, caller.arn(),
                                 action_service + ":" + operation.substr(operation.find('.') + 1));
    // A region the account has not enabled does not know its keys.
    const aws_region* region = aws_find_region(*caller.account, route.region);
    if (region == nullptr)
        return aws_auth_failure(
            protocol,
            {sigv4_failure::unknown_key, "The security token included in the request is invalid."},
            route.region);
    if (route.service == "ec2")
        return handle_ec2(*caller.account, *region, aws_query_params(request),
                          serving.ec2_page_size);
    if (route.service == "ecs") {
        const std::string_view target = request["X-Amz-Target"];
        if (!target.starts_with(ecs_prefix))
            return aws_json_error(400, "UnknownOperationException",
                                  "X-Amz-Target names no ECS operation.");
        return handle_ecs(*caller.account, *region, target.substr(ecs_prefix.size()),
                          request.body());
    }
    if (route.service == "s3")
        return handle_s3(*caller.account, request, route);
    if (route.service == "monitoring")
        return handle_cloudwatch(*caller.account, *region, aws_query_params(request));
    return aws_error(protocol, 400,
                     protocol == aws_protocol::json ? "UnknownOperationException" : "InvalidAction",
                     "The action " + operation + " is not valid for this web service.");
}

} // namespace cloudsync::cloudsim
