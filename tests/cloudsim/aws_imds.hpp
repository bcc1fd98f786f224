// The EC2 instance metadata service (IMDSv2) at the server's root, for the
// instance-profile credentials: PUT /latest/api/token with
// X-aws-ec2-metadata-token-ttl-seconds (1..21600) issues a session token;
// GET /latest/meta-data/iam/security-credentials/ names the profile's role and
// GET .../security-credentials/<role> answers its temporary keys (JSON: Code,
// LastUpdated, Type, AccessKeyId, SecretAccessKey, Token, Expiration), issued
// into the same sessions as STS so they sign data requests. A GET without a
// valid X-aws-ec2-metadata-token is 401 (IMDSv1 is off, as AWS recommends).
// Thread safety: aws_imds_tokens may be used from any thread.
#pragma once

#include "cloudsim/aws_auth.hpp"
#include "cloudsim/aws_estate.hpp"
#include "cloudsim/reply.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim {

class aws_imds_tokens {
public:
    std::string issue(std::int64_t ttl_seconds, std::int64_t now);
    bool valid(std::string_view token, std::int64_t now) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::int64_t, std::less<>> expiry_;
};

struct aws_imds_config {
    std::string account;              // the instance's account id; "" = no instance profile
    std::int64_t lifetime = 6 * 3600; // of the credentials it hands out
};

bool is_aws_imds_path(std::string_view target);
reply handle_aws_imds(const aws_imds_config& config, const aws_estate& estate,
                      aws_sessions& sessions, aws_imds_tokens& tokens, const http_request& request,
                      std::int64_t now);

// The role an account's instance profile carries: its role, else a default one.
std::string aws_instance_profile_role(const aws_account& account);

} // namespace cloudsync::cloudsim
