// Who is calling an AWS route of the sim: the request's SigV4 signature is
// recomputed (aws_sigv4.hpp) with the secret of the access key it names,
// either an account's base key or a temporary key from a session that STS
// AssumeRole or the IMDS instance profile issued (aws_sessions). A temporary
// key must come with its own session token; an expired session is refused.
// Also the rule that an account with a role serves data only to that role's
// sessions. Not here: the error shapes (aws_reply.hpp).
//
// Thread safety: aws_sessions may be used from any thread.
#pragma once

#include "cloudsim/aws_estate.hpp"
#include "cloudsim/aws_request.hpp"
#include "cloudsim/aws_sigv4.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

namespace cloudsync::cloudsim {

struct aws_session {
    std::string access_key_id; // ASIA...
    std::string secret_access_key;
    std::string session_token; // base64 text, holds '+', '/' and '='
    std::string account_id;
    std::string role_arn;
    std::string session_name;
    std::int64_t expiration = 0; // seconds since the epoch
};

class aws_sessions {
public:
    aws_session issue(std::string account_id, std::string role_arn, std::string session_name,
                      std::int64_t lifetime_seconds, std::int64_t now);
    std::optional<aws_session> find(std::string_view access_key_id) const;
    void expire_all(); // every session issued so far is now expired
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, aws_session, std::less<>> sessions_;
    std::uint64_t issued_ = 0;
};

struct aws_caller {
    const aws_account* account = nullptr;
    std::optional<aws_session> session; // none: the account's base key
    // arn:aws:iam::ACC:user/cloudsync-sim, or arn:aws:sts::ACC:assumed-role/ROLE/SESSION.
    std::string arn() const;
    std::string user_id() const; // AIDA..., or AROA...:SESSION
    // Data APIs (EC2, S3, ECS, CloudWatch): a role's account answers only its sessions.
    bool may_read_data() const;
};

// The role's name, the part of its ARN after the last '/'.
std::string aws_role_name(std::string_view role_arn);

// Authenticates one request to `route`; a sigv4_error says why not.
std::variant<aws_caller, sigv4_error>
aws_authenticate(const http_request& request, const aws_route& route, const aws_estate& estate,
                 const aws_sessions& sessions, std::int64_t now);

} // namespace cloudsync::cloudsim
