// The wire format of the Azure Instance Metadata Service (IMDS) managed-identity
// token endpoint, api-version 2018-02-01: the GET URL (resource form, not scope
// form) and the parse of the answer, success or error. Pure functions, no I/O;
// the credential that calls it is managed_identity_credential.
#pragma once

#include "auth/bearer_authorizer.hpp"
#include "core/clock.hpp"

#include <string>
#include <string_view>

namespace cloudsync::auth::azure {

// IMDS listens on the link-local address, plain http, reachable only from inside the VM.
inline constexpr std::string_view default_imds_endpoint =
    "http://169.254.169.254/metadata/identity/oauth2/token";
inline constexpr std::string_view imds_api_version = "2018-02-01";

// The v1 "resource" of a v2 scope: "https://management.azure.com/.default" ->
// "https://management.azure.com". A scope without "/.default" is returned as is.
std::string resource_of_scope(std::string_view scope);

// `{endpoint}?api-version=2018-02-01&resource={resource}[&client_id={client_id}]`,
// values percent-encoded; client_id empty means the system-assigned identity.
std::string imds_token_url(std::string_view endpoint, std::string_view resource,
                           std::string_view client_id);

// Parses the answer. A 200 with `access_token` and a lifetime is a token: the
// lifetime is `expires_in` (IMDS sends a numeric STRING; a number is accepted) or,
// when that is absent or not positive, `expires_on` (epoch seconds, string or
// number) minus now. Anything else throws auth_error naming endpoint, the HTTP
// status, the `error` code and the first line of `error_description`, never the
// token.
bearer_token parse_imds_token_response(unsigned status, std::string_view body,
                                       std::string_view endpoint, clock::system_time now);

} // namespace cloudsync::auth::azure
