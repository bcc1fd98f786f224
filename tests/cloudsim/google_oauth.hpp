// Google's OAuth 2.0 token endpoint (https://oauth2.googleapis.com/token),
// served at POST {base_url}/token with a form body, for two grants:
// - jwt-bearer (service accounts, AIP-4112 / RFC 7523): the assertion is
//   checked the way Google does (google_assertion.hpp): RS256 signature with
//   the public key of the service account named by iss, kid = that key's id,
//   aud = this endpoint's own URL, exp - iat <= 3600 and not expired, a scope
//   that is accepted;
// - refresh_token (authorized_user files): client id, client secret and
//   refresh token must be a configured user's.
// Tokens go into the same token_store as Entra's, so any route that checks
// bearer tokens accepts them. Errors use the OAuth 2.0 shape Google answers
// with, {"error": ..., "error_description": ...} (shared/fixtures/gcp/auth.md).
#pragma once

#include "cloudsim/entra.hpp"
#include "cloudsim/reply.hpp"
#include "cloudsim/stats.hpp"

#include <boost/url/url_view.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::cloudsim {

inline constexpr std::string_view google_cloud_platform_scope =
    "https://www.googleapis.com/auth/cloud-platform";

// A service account as Google knows it: the sim holds only the public key.
struct google_service_account {
    std::string client_email;
    std::string private_key_id;  // the kid its assertions must carry
    std::string public_key_pem;  // "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo)
};

// An OAuth client and the refresh token a user granted it (authorized_user).
struct google_user {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
};

struct google_token_config {
    std::string token_url; // base_url + "/token": the one aud accepted
    std::vector<google_service_account> service_accounts;
    std::vector<google_user> users;
    std::vector<std::string> scopes; // accepted scopes; a request's must all be among them
    std::chrono::seconds lifetime{3599};
};

bool is_google_token_path(boost::urls::url_view url);

reply handle_google_token(const google_token_config& config, token_store& tokens, stats& counters,
                          const http_request& request);

// {"error": error, "error_description": description}
reply google_token_error(unsigned status, std::string_view error, std::string_view description);

// The service account of a service-account key file's JSON text (client_email,
// private_key_id, and the public half of private_key), so the demo can start
// cloudsim with the very file cloudsyncd uses. Throws cloudsim_error when the
// text is not such a file.
google_service_account google_service_account_from_key_file(const std::string& json);

// The user of an authorized_user file's JSON text. Throws cloudsim_error.
google_user google_user_from_file(const std::string& json);

} // namespace cloudsync::cloudsim
