#include "collectors/aws/account.hpp"

#include "auth/aws/sigv4_authorizer.hpp"
#include "auth/aws/sts.hpp"
#include "collectors/aws/detail/query.hpp"
#include "collectors/aws/ec2_pages.hpp"
#include "collectors/aws/error_body.hpp"
#include "collectors/common/scope_walk.hpp"
#include "collectors/common/url.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace cloudsync::collectors::aws {

namespace asio = boost::asio;

std::string_view signing_name(service s) noexcept {
    switch (s) {
    case service::sts:
        return "sts";
    case service::ec2:
        return "ec2";
    case service::s3:
        return "s3";
    case service::monitoring:
        return "monitoring";
    case service::ecs:
        return "ecs";
    }
    return "";
}

bool valid_region(std::string_view region) {
    return !region.empty() && region.size() <= 64 &&
           std::all_of(region.begin(), region.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
           });
}

std::string regional_endpoint(std::string_view endpoint_template, std::string_view region) {
    std::string out;
    constexpr std::string_view placeholder = "{region}";
    for (std::size_t at = 0;;) {
        const auto found = endpoint_template.find(placeholder, at);
        out += endpoint_template.substr(at, found - at);
        if (found == std::string_view::npos)
            break;
        out += region;
        at = found + placeholder.size();
    }
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    if (common::origin_of(out).empty())
        throw options_error("aws endpoint is not an absolute http(s) URL: " + out);
    return out;
}

account_access::account_access(common::engine_context engine, account_options options)
    : engine_(std::move(engine)), options_(std::move(options)) {
    if (!engine_.http || !options_.credentials)
        throw options_error("aws account: no http client or credentials");
    options_.regions = common::unique_scopes(std::move(options_.regions), false);
    for (const auto& region : options_.regions)
        if (!valid_region(region))
            throw options_error("aws account: not a region name: " + region);
    home_region_ = options_.regions.empty() ? "us-east-1" : options_.regions.front();
    // Each template must make a URL for any region: checked once here, so a
    // typo fails at start and not in the middle of a run.
    for (const auto* t : {&options_.endpoints.sts, &options_.endpoints.ec2, &options_.endpoints.s3,
                          &options_.endpoints.monitoring, &options_.endpoints.ecs})
        (void)regional_endpoint(*t, home_region_);
}

std::shared_ptr<common::api_client> account_access::client(service s, const std::string& region) {
    auto& slot = clients_[{s, region}];
    if (slot)
        return slot;
    const auto& endpoints = options_.endpoints;
    const std::string* endpoint_template = nullptr;
    switch (s) {
    case service::sts:
        endpoint_template = &endpoints.sts;
        break;
    case service::ec2:
        endpoint_template = &endpoints.ec2;
        break;
    case service::s3:
        endpoint_template = &endpoints.s3;
        break;
    case service::monitoring:
        endpoint_template = &endpoints.monitoring;
        break;
    case service::ecs:
        endpoint_template = &endpoints.ecs;
        break;
    }
    common::api_client_options o;
    o.endpoint = regional_endpoint(*endpoint_template, region);
    o.provider = "aws";
    o.parse_error = [](unsigned status, std::string_view body, std::string_view method,
                       std::string_view url) { return aws_api_error(status, body, method, url); };
    // Throttles the http client does not retry by status (CloudWatch, STS and
    // ECS answer 400 Throttling): waited out and sent again.
    o.throttled = [](const api_error& e) { return is_throttle_code(e.code()); };
    // A session that expired early (clock skew, revoked) is fetched again once.
    o.stale_credentials = [](const api_error& e) {
        return e.code() == "ExpiredToken" || e.code() == "RequestExpired" ||
               e.code() == "ExpiredTokenException";
    };
    auto signer = std::make_shared<auth::aws::sigv4_authorizer>(
        options_.credentials, auth::aws::sigv4_scope{std::string(signing_name(s)), region});
    slot = std::make_shared<common::api_client>(engine_.http, std::move(signer), std::move(o));
    return slot;
}

asio::awaitable<std::string> account_access::account_id() {
    auto sts = client(service::sts, home_region_);
    co_return co_await account_id_.get(
        [self = shared_from_this(),
         sts]() -> asio::awaitable<auth::refresh_cache<std::string>::fetched> {
            const std::string body = co_await detail::query(
                sts, {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}},
                self->home_region_);
            // An account id does not change; a day bounds how long a config
            // pointing the keys elsewhere is read under the old one.
            co_return auth::refresh_cache<std::string>::fetched{
                auth::aws::parse_caller_identity_answer(200, body, sts->url("/")).account,
                auth::max_token_lifetime};
        },
        "sts GetCallerIdentity at " + common::url_path(sts->url("/")));
}

asio::awaitable<std::vector<std::string>> account_access::regions() {
    if (!options_.regions.empty())
        co_return options_.regions;
    auto ec2 = client(service::ec2, home_region_);
    const std::string body = co_await detail::query(
        ec2, {{"Action", "DescribeRegions"}, {"Version", "2016-11-15"}}, home_region_);
    auto listed = parse_regions(body);
    for (const auto& region : listed)
        if (!valid_region(region))
            throw page_error("DescribeRegions named a malformed region");
    listed = common::unique_scopes(std::move(listed), false);
    spdlog::debug("aws: {} enabled regions", listed.size());
    co_return listed;
}

} // namespace cloudsync::collectors::aws
