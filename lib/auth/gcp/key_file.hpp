// Google credentials JSON files as operators hold them (AIP-4110): a
// service-account key file (`type: service_account`, what the IAM console
// downloads) and an authorized-user file (`type: authorized_user`, what
// `gcloud auth application-default login` writes). This file parses them into
// typed values and says clearly what is wrong with a bad one. Pure; no I/O.
// What is not here: what a credential does with the values
// (service_account_credential.hpp, authorized_user_credential.hpp).
#pragma once

#include "core/secret.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace cloudsync::auth::gcp {

// Where Google's token endpoint is when a file names none (authorized_user
// files never do; AIP-4113).
inline constexpr std::string_view default_token_uri = "https://oauth2.googleapis.com/token";

struct service_account_key {
    std::string client_email;   // the JWT's iss
    std::string private_key_id; // the JWT header's kid; may be empty (then no kid is sent)
    secret private_key;         // PEM, PKCS#8 or PKCS#1 RSA (checked when a credential loads it)
    std::string token_uri = std::string(default_token_uri);
    std::string project_id; // informational; may be empty
};

struct authorized_user_key {
    std::string client_id;
    secret client_secret;
    secret refresh_token;
    std::string quota_project_id; // may be empty; see AIP-4113 (X-Goog-User-Project)
};

using credentials_file = std::variant<service_account_key, authorized_user_key>;

// Parses a credentials file's text. `origin` names it in errors (e.g. "gcp
// account gcp-prod key"). Throws auth_error "{origin}: {problem}" when the text
// is not a JSON object, its type is neither service_account nor
// authorized_user, a required member (service_account: client_email,
// private_key; authorized_user: client_id, client_secret, refresh_token) is
// missing or empty, or any member read is not a string (as google-cloud-cpp
// requires). Messages name members, never their values.
credentials_file parse_credentials_file(const secret& text, std::string_view origin = "gcp key");

} // namespace cloudsync::auth::gcp
