// The wire format of the Microsoft identity platform token endpoint for the OAuth 2.0
// client-credentials grant (v2.0): the form body of the request and the parse of the
// response, success or error. Pure functions, no I/O, so they are tested on the
// official examples. The credential that calls the endpoint is client_secret_credential.
#pragma once

#include "auth/bearer_authorizer.hpp"
#include "core/secret.hpp"

#include <string>
#include <string_view>

namespace cloudsync::auth::azure {

// application/x-www-form-urlencoded encoding of one value: unreserved characters
// (ALPHA DIGIT - . _ ~) as they are, every other byte as %XX.
std::string form_url_encode(std::string_view value);

// `client_id=..&scope=..&client_secret=..&grant_type=client_credentials`, every value encoded.
std::string client_credentials_form(std::string_view client_id, std::string_view scope,
                                    const secret& client_secret);

// Parses the token endpoint's answer. A 200 with `access_token` and a positive
// `expires_in` (number or numeric string) is a token; anything else throws
// auth_error naming `endpoint`, the HTTP status, the `error` code and the first
// line of `error_description` (never the body's token or our secret).
bearer_token parse_token_response(unsigned status, std::string_view body,
                                  std::string_view endpoint);

} // namespace cloudsync::auth::azure
