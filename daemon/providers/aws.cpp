#include "providers/aws.hpp"

#include "auth/aws/credentials.hpp"
#include "collectors/aws/module.hpp"

namespace cloudsync::daemon::providers {
namespace {

// One source per account: its jobs and every service and region share it.
std::shared_ptr<auth::aws::credential_source> credentials(const std::string& account,
                                                          const config::aws_account& aws) {
    (void)account;
    auth::aws::aws_credentials keys;
    keys.access_key_id = aws.access_key_id.reveal();
    keys.secret_access_key = aws.secret_access_key;
    return std::make_shared<auth::aws::static_credentials>(std::move(keys));
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
    options.account.credentials = credentials(account, aws);
    options.metrics_lookback = metrics_lookback;
    return std::make_unique<collectors::aws::aws_module>(std::move(engine), std::move(options));
}

} // namespace cloudsync::daemon::providers
