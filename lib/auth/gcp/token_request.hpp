// What cloudsync sends to Google's OAuth 2.0 token endpoint: the service
// account's JWT assertion (header and claims, AIP-4112 / RFC 7523) and the form
// bodies of the jwt-bearer and refresh-token grants. Pure functions; the JWS
// layout and signature are jwt.hpp's, the answer's parse is oauth_token.hpp's.
// What is not here: sending them (the credentials) and key files (key_file.hpp).
#pragma once

#include "auth/pem_key.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace cloudsync::auth::gcp {

inline constexpr std::string_view jwt_bearer_grant_type =
    "urn:ietf:params:oauth:grant-type:jwt-bearer";

// Google accepts an assertion living at most an hour; both official libraries
// send exactly that.
inline constexpr std::chrono::seconds max_assertion_lifetime{3600};

struct service_account_claims {
    std::string client_email;                  // iss
    std::string audience;                      // aud: the token endpoint the assertion is posted to
    std::string scope;                         // space-separated scopes (scopes.hpp)
    std::chrono::system_clock::time_point now; // iat (whole seconds)
    std::chrono::seconds lifetime = max_assertion_lifetime; // exp = iat + lifetime
};

// {"alg":"RS256","typ":"JWT","kid":key_id}; no kid when key_id is empty.
boost::json::object assertion_header(std::string_view key_id);

// {"iss":..,"scope":..,"aud":..,"iat":..,"exp":..}. Throws auth_error when the
// lifetime is not in (0, 1 h] or a string is empty.
boost::json::object assertion_claims(const service_account_claims& claims);

// The signed compact JWT.
std::string build_assertion(const rsa_private_key& key, std::string_view key_id,
                            const service_account_claims& claims);

// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=..
std::string jwt_bearer_form(std::string_view assertion);

// grant_type=refresh_token&client_id=..&client_secret=..&refresh_token=..[&scope=..]
// (scope omitted when empty: the token then has every scope the user granted).
std::string refresh_token_form(std::string_view client_id, std::string_view client_secret,
                               std::string_view refresh_token, std::string_view scope);

} // namespace cloudsync::auth::gcp
