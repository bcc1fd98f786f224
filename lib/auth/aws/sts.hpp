// AWS STS (Security Token Service, Query protocol, version 2011-06-15) as the
// credentials need it: the AssumeRole and GetCallerIdentity requests (POST,
// form-encoded, to be signed for service "sts") and the parse of their answers,
// success (<AssumeRoleResponse>, <GetCallerIdentityResponse>) or error
// (<ErrorResponse><Error><Code/><Message/>). Elements are matched by local
// name, whatever namespace prefix an answer uses. Pure functions except
// get_caller_identity(). What is not here: caching a session (assume_role.hpp).
#pragma once

#include "auth/aws/credentials.hpp"
#include "core/clock.hpp"
#include "core/secret.hpp"
#include "http/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace cloudsync::auth::aws {

inline constexpr std::string_view sts_version = "2011-06-15";

// DurationSeconds STS accepts (a role's maximum may be lower: STS then answers
// 400 ValidationError). AWS's default is 3600.
inline constexpr std::chrono::seconds min_session_duration{900};
inline constexpr std::chrono::seconds max_session_duration{43200};

struct assume_role_params {
    std::string role_arn;
    std::string session_name = "cloudsyncd"; // RoleSessionName: [\w+=,.@-]{2,64}
    secret external_id;                      // empty: none sent
    std::chrono::seconds duration{3600};
};

// POST {endpoint} with Content-Type application/x-www-form-urlencoded and
// Action=AssumeRole&Version=2011-06-15&RoleArn&RoleSessionName[&ExternalId]
// &DurationSeconds, not yet signed. Throws auth_error when the role ARN or the
// session name is empty or the duration is outside [900, 43200] s.
http::request assume_role_request(std::string_view endpoint, const assume_role_params& params);

// POST {endpoint} with Action=GetCallerIdentity&Version=2011-06-15, not yet signed.
http::request caller_identity_request(std::string_view endpoint);

// The session in a 200 AssumeRole answer (SessionToken with any whitespace
// removed, Expiration as expiry). Anything else throws auth_error
// "sts AssumeRole at {endpoint} failed: HTTP {status} {Code}: {first line of
// Message}" or what is missing; never a key, token or the external id.
aws_credentials parse_assume_role_answer(unsigned status, std::string_view body,
                                         std::string_view endpoint);

struct caller_identity {
    std::string account; // 12 digits
    std::string arn;
    std::string user_id;
};

// The identity in a 200 GetCallerIdentity answer; errors as above
// ("sts GetCallerIdentity at ...").
caller_identity parse_caller_identity_answer(unsigned status, std::string_view body,
                                             std::string_view endpoint);

// Asks STS at endpoint (the {region} already substituted) who source's
// credentials belong to, signing for "sts" in region; the account id goes into
// ARNs. Throws auth_error as above and what the source and http::client throw.
boost::asio::awaitable<caller_identity>
get_caller_identity(std::shared_ptr<http::client> client, std::shared_ptr<credential_source> source,
                    std::string endpoint, std::string region,
                    std::shared_ptr<const cloudsync::clock> clock = nullptr);

} // namespace cloudsync::auth::aws
