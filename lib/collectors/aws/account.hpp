// What every AWS collector of one account shares: its credentials (one
// source, so a role is assumed once for every service and region), its
// endpoint templates ("{region}" becomes the region, in the host or the path),
// one signed API client per service and region, the account id (from STS
// GetCallerIdentity; it goes into ARNs) and the regions to read (configured,
// or every region EC2's DescribeRegions reports enabled). What is not here:
// what a collector reads within a region (region_collector.hpp and the kinds).
#pragma once

#include "auth/refresh_cache.hpp"
#include "collectors/common/api_client.hpp"
#include "collectors/common/engine.hpp"

#include <boost/asio/awaitable.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::auth::aws {
class credential_source;
}

namespace cloudsync::collectors::aws {

enum class service { sts, ec2, s3, monitoring, ecs };
// The service's name in SigV4 credential scopes ("monitoring" is CloudWatch).
std::string_view signing_name(service s) noexcept;

struct endpoint_templates {
    std::string sts = "https://sts.{region}.amazonaws.com";
    std::string ec2 = "https://ec2.{region}.amazonaws.com";
    std::string s3 = "https://s3.{region}.amazonaws.com";
    std::string monitoring = "https://monitoring.{region}.amazonaws.com";
    std::string ecs = "https://ecs.{region}.amazonaws.com";
};

struct account_options {
    endpoint_templates endpoints;
    // Regions to read; empty: every region DescribeRegions reports enabled.
    // Repeats are read once.
    std::vector<std::string> regions;
    std::shared_ptr<auth::aws::credential_source> credentials;
};

// Region names go into URLs: lower-case letters, digits and '-' only.
bool valid_region(std::string_view region);

// The endpoint of one region: every "{region}" of the template replaced.
// Throws options_error when the result is not an absolute http(s) URL.
std::string regional_endpoint(std::string_view endpoint_template, std::string_view region);

// Thread safety: built on any thread; every other call on the engine's
// executor (where the collectors run). Lifetime: shared by the module and its
// collectors.
class account_access : public std::enable_shared_from_this<account_access> {
public:
    // Throws options_error for a malformed region or endpoint template, or
    // missing credentials or http client. Made with std::make_shared (the
    // account id's fetch holds the object).
    account_access(common::engine_context engine, account_options options);

    const common::engine_context& engine() const noexcept { return engine_; }

    // The client of one service in one region, signed for that region; made on
    // first use and kept. Calls are counted under provider "aws".
    std::shared_ptr<common::api_client> client(service s, const std::string& region);

    // The region the account-wide calls (STS, DescribeRegions) go to: the
    // first configured region, else us-east-1.
    const std::string& home_region() const noexcept { return home_region_; }

    // The account id (12 digits), asked of STS once a day: the collectors of
    // an account starting together share one GetCallerIdentity
    // (auth::refresh_cache). Throws auth_error naming the call when it fails.
    boost::asio::awaitable<std::string> account_id();

    // The configured regions, or the enabled ones DescribeRegions lists (one
    // call per use: a region enabled since the last run is read).
    boost::asio::awaitable<std::vector<std::string>> regions();

private:
    common::engine_context engine_;
    account_options options_;
    std::string home_region_;
    std::map<std::pair<service, std::string>, std::shared_ptr<common::api_client>> clients_;
    auth::refresh_cache<std::string> account_id_{nullptr};
};

} // namespace cloudsync::collectors::aws
