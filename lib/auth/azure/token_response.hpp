// The wire format of the Microsoft identity platform token endpoint for the OAuth 2.0
// client-credentials grant (v2.0): the form body of the request and the parse of the
// response, success or error. Pure functions, no I/O, so they are tested on the
// official examples. The credential that calls the endpoint is client_secret_credential.
#pragma once

#include "auth/bearer_authorizer.hpp"
#include "core/secret.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
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

// The shape every token answer here shares (the identity platform's and the
// instance metadata endpoint's): a JSON object, `error`/`error_description` on
// failure, `access_token` and `token_type` on success. The endpoints spell the
// lifetime differently, so `lifetime_seconds` reads it; a result <= 0 fails with
// `missing_lifetime`.
bearer_token parse_bearer_answer(unsigned status, std::string_view body, std::string_view endpoint,
                                 const std::function<std::int64_t(const boost::json::value&)>&
                                     lifetime_seconds,
                                 std::string_view missing_lifetime);

} // namespace cloudsync::auth::azure
