// The OAuth 2.0 token endpoint's wire format shared by every bearer credential
// (RFC 6749 §4.4, §5.1, §5.2): the form encoding of the request body and the
// parse of the answer, success or error. Microsoft Entra ID, Azure's instance
// metadata endpoint (IMDS) and Google's oauth2 token endpoint all answer in this
// shape. Pure functions, no I/O. What is not here: which grant a credential sends
// (auth/azure, auth/gcp) and how long a token is cached (bearer_authorizer.hpp).
#pragma once

#include "auth/bearer_authorizer.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cloudsync::auth {

// application/x-www-form-urlencoded encoding of one value: unreserved characters
// (ALPHA DIGIT - . _ ~) as they are, every other byte as %XX.
std::string form_url_encode(std::string_view value);

// "k1=v1&k2=v2..." with every key and value form-encoded, in the given order.
std::string form_body(std::initializer_list<std::pair<std::string_view, std::string_view>> fields);

// The integer member `key` of a JSON object given as a number (a fraction is
// truncated) or as a string of decimal digits (IMDS, some older endpoints);
// nullopt when absent or anything else.
std::optional<std::int64_t> integer_member(const boost::json::value& doc, std::string_view key);

// Parses a token endpoint's answer. A 200 with a non-empty `access_token`, a
// `token_type` that is absent or Bearer (any case), and a positive `expires_in`
// (number or numeric string) is a token. Anything else throws auth_error
// "token request to {endpoint} failed: HTTP {status} {why}" where why is the
// `error` code and the first line of `error_description`, or what is missing;
// never the answer's token nor anything the request carried.
bearer_token parse_token_answer(unsigned status, std::string_view body, std::string_view endpoint);

// The same parse for endpoints that spell the lifetime differently (IMDS's
// expires_on): `lifetime_seconds` reads it from the parsed object; a result <= 0
// fails with `missing_lifetime` as the why.
bearer_token parse_token_answer(unsigned status, std::string_view body, std::string_view endpoint,
                                const std::function<std::int64_t(const boost::json::value&)>&
                                    lifetime_seconds,
                                std::string_view missing_lifetime);

} // namespace cloudsync::auth
