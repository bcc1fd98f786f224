#include "providers/aws.hpp"

#include "auth/aws/assume_role.hpp"
#include "auth/aws/credentials.hpp"
#include "auth/aws/instance_profile.hpp"
#include "collectors/aws/account.hpp"
#include "collectors/aws/module.hpp"

namespace cloudsync::daemon::providers {
namespace {

// One source per account (the configured keys or the instance profile, under
// the role when one is configured): its jobs and every service and region share it, so
// a role is assumed once per account (and refreshed ahead of its expiry).
std::shared_ptr<auth::aws::credential_source> credentials(const std::string& account,
                                                          const config::aws_account& aws,
                                                          std::shared_ptr<http::client> client) {
    std::shared_ptr<auth::aws::credential_source> base;
    if (aws.instance_profile) {
        auth::aws::instance_profile_options o;
        if (!aws.instance_profile->endpoint.empty())
            o.endpoint = aws.instance_profile->endpoint;
        base = std::make_shared<auth::aws::instance_profile>(client, std::move(o));
    } else {
        auth::aws::aws_credentials keys;
        keys.access_key_id = aws.access_key_id.reveal();
        keys.secret_access_key = aws.secret_access_key;
        if (aws.session_token)
            keys.session_token = *aws.session_token;
        base = std::make_shared<auth::aws::static_credentials>(std::move(keys));
    }
    if (!aws.role_arn)
        return base;
    // STS in the account's home region (the first configured; us-east-1).
    const std::string region = aws.regions.empty() ? "us-east-1" : aws.regions.front();
    auth::aws::assume_role_options o;
    o.endpoint = collectors::aws::regional_endpoint(aws.endpoints.sts, region);
    o.region = region;
    o.role.role_arn = *aws.role_arn;
    o.role.session_name = ("cloudsyncd-" + account).substr(0, 64); // STS allows 64
    if (aws.external_id)
        o.role.external_id = *aws.external_id;
    return std::make_shared<auth::aws::assume_role>(std::move(client), std::move(base),
                                                    std::move(o));
}

} // namespace

std::unique_ptr<collectors::provider_module> aws_module(const std::string& account,
                                                        const config::aws_account& aws,
                                                        std::chrono::seconds metrics_lookback,
                                                        collectors::engine_context engine) {
    collectors::aws::aws_module_options options;
    auto& endpoints = options.account.endpoints;
    endpoints.sts = aws.endpoints.sts;
    endpoints.ec2 = aws.endpoints.ec2;
    endpoints.s3 = aws.endpoints.s3;
    endpoints.monitoring = aws.endpoints.monitoring;
    endpoints.ecs = aws.endpoints.ecs;
    options.account.regions = aws.regions;
    options.account.credentials = credentials(account, aws, engine.http);
    options.metrics_lookback = metrics_lookback;
    return std::make_unique<collectors::aws::aws_module>(std::move(engine), std::move(options));
}

} // namespace cloudsync::daemon::providers
