// STS under /aws/sts/<region>/ (Query protocol, Version 2011-06-15):
// AssumeRole (RoleArn, RoleSessionName, ExternalId when the role requires one,
// DurationSeconds 900..the role's maximum, default 3600) issuing temporary
// keys, a session token and an Expiration; GetCallerIdentity (the user, or the
// assumed-role form for session keys). Errors as <ErrorResponse><Error>.
// The caller is already authenticated (aws_auth.hpp).
#pragma once

#include "cloudsim/aws_auth.hpp"
#include "cloudsim/reply.hpp"

#include <cstdint>

namespace cloudsync::cloudsim {

reply handle_sts(const aws_estate& estate, aws_sessions& sessions, const aws_caller& caller,
                 const aws_params& params, std::int64_t now);

} // namespace cloudsync::cloudsim
