// The service-account JWT assertion at Google's token endpoint (jwt-bearer
// grant): the checks and the error answers google_oauth.hpp uses. Each failure
// is the invalid_grant answer Google gives for it ("Invalid JWT Signature.",
// "Invalid JWT: Failed audience check...", "Invalid JWT: Token must be a
// short-lived token (60 minutes)...", "Invalid grant: account not found").
#pragma once

#include "cloudsim/google_oauth.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace cloudsync::cloudsim {

// Who the assertion authenticates and what it asks for, or the error reply.
struct google_assertion {
    std::string client_email;
    std::string scope; // space-separated, as sent
};

// Nullopt when `scope` (space-separated) names at least one scope and only
// accepted ones; else Google's invalid_scope answer.
std::optional<reply> check_google_scope(const google_token_config& config, std::string_view scope);

// Checks a compact JWS against config: what it authenticates, or Google's
// error reply.
std::variant<google_assertion, reply> check_google_assertion(const google_token_config& config,
                                                             const std::string& assertion);

} // namespace cloudsync::cloudsim
