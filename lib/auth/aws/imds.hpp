// The EC2 instance metadata service, version 2 (IMDSv2), as the instance
// profile credentials need it: a session token from
// `PUT {base}/latest/api/token` (header X-aws-ec2-metadata-token-ttl-seconds),
// then, with header X-aws-ec2-metadata-token, the role name from
// `GET {base}/latest/meta-data/iam/security-credentials/` and the role's keys
// from `.../security-credentials/{role}` (JSON: Code, AccessKeyId,
// SecretAccessKey, Token, Expiration). Pure functions. What is not here:
// caching (instance_profile.hpp).
//
// Plain http: IMDS is http://169.254.169.254 by design, reachable only from
// inside the instance; http::client lets a request reach that address on port
// 80 only when it opts in, which these requests do for that base alone.
#pragma once

#include "auth/aws/credentials.hpp"
#include "http/client.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace cloudsync::auth::aws {

inline constexpr std::string_view default_imds_endpoint = "http://169.254.169.254";
inline constexpr std::string_view imds_token_path = "/latest/api/token";
inline constexpr std::string_view imds_credentials_path =
    "/latest/meta-data/iam/security-credentials/";
// The session token's lifetime asked for (the maximum IMDS allows is 6 hours).
inline constexpr std::chrono::seconds imds_token_ttl{21600};

// The base URL without trailing slashes: https, or http to 169.254.169.254
// (no port) or a loopback host (tests, cloudsim); no path, query, user info.
// Throws auth_error "aws instance profile: ..." naming the endpoint otherwise.
std::string checked_imds_endpoint(std::string_view endpoint);

http::request imds_token_request(std::string_view base);
// GET {base}{path} with the session token (the caller sets the path).
http::request imds_get_request(std::string_view base, std::string_view path,
                               const secret& session_token);

// The first role name in the listing (one name a line); throws auth_error
// when the status is not 200 or no role is attached (404).
std::string parse_imds_role(unsigned status, std::string_view body, std::string_view url);

// The keys in a 200 answer whose Code is "Success"; anything else throws
// auth_error "aws instance profile at {url} failed: HTTP {status} {why}",
// never a key or token.
aws_credentials parse_imds_credentials(unsigned status, std::string_view body,
                                       std::string_view url);

} // namespace cloudsync::auth::aws
