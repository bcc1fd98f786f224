#include "cloudsim/aws_request.hpp"

#include "cloudsim/entra.hpp"

#include <algorithm>
#include <array>

namespace cloudsync::cloudsim {

namespace {

constexpr std::array<std::string_view, 5> services = {"sts", "ec2", "s3", "monitoring", "ecs"};

std::string_view next_segment(std::string_view& path) {
    const auto slash = path.find('/');
    const auto segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    return segment;
}

} // namespace

std::optional<aws_route> parse_aws_route(std::string_view target) {
    const auto question = target.find('?');
    std::string_view path = target.substr(0, question);
    if (!path.starts_with("/aws/"))
        return std::nullopt;
    path.remove_prefix(5);
    aws_route route;
    route.service = next_segment(path);
    route.region = next_segment(path);
    if (route.region.empty())
        return std::nullopt;
    if (std::find(services.begin(), services.end(), route.service) == services.end())
        return std::nullopt;
    route.rest = path;
    route.query =
        question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    return route;
}

sigv4_request to_sigv4_request(const http_request& request) {
    sigv4_request out;
    out.method = std::string(request.method_string());
    out.target = std::string(request.target());
    for (const auto& field : request)
        out.headers.emplace_back(field.name_string(), field.value());
    out.body = request.body();
    return out;
}

aws_params aws_query_params(const http_request& request) {
    const std::string_view target = request.target();
    const auto question = target.find('?');
    aws_params params =
        question == std::string_view::npos ? aws_params{} : parse_form(target.substr(question + 1));
    const auto type = request[boost::beast::http::field::content_type];
    if (type.starts_with("application/x-www-form-urlencoded")) {
        auto body = parse_form(request.body());
        params.insert(params.end(), std::make_move_iterator(body.begin()),
                      std::make_move_iterator(body.end()));
    }
    return params;
}

std::optional<std::string> aws_param(const aws_params& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

} // namespace cloudsync::cloudsim
