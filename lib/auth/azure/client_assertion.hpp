// The client assertion of the Microsoft identity platform's certificate
// credentials: a JWT signed RS256 with the app's certificate key, header
// {alg, typ, x5t#S256} and claims {aud = the token endpoint, iss = sub = the
// client id, jti, nbf, iat, exp}, sent in the client-credentials grant as
// client_assertion with client_assertion_type jwt-bearer. Pure functions; the
// JWS layout and signature are jwt.hpp's, the jti its random_jwt_id(); the
// credential that sends it is client_certificate_credential.
#pragma once

#include "auth/azure/certificate_key.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace cloudsync::auth::azure {

inline constexpr std::string_view jwt_bearer_assertion_type =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

struct assertion_claims {
    std::string audience;  // aud: the token endpoint URL the assertion is sent to
    std::string client_id; // iss and sub
    std::string jwt_id;    // jti: unique per assertion (random_jwt_id())
    std::chrono::system_clock::time_point now; // nbf and iat (whole seconds)
    std::chrono::seconds lifetime{600};        // exp = now + lifetime (10 minutes)
};

// {"alg":"RS256","typ":"JWT","x5t#S256":"<x5t_s256>"}
boost::json::object assertion_header(std::string_view x5t_s256);
std::string assertion_header_json(std::string_view x5t_s256);

// {"aud":..,"exp":..,"iss":..,"jti":..,"nbf":..,"sub":..,"iat":..}, times as
// seconds since the epoch, strings JSON-escaped.
boost::json::object assertion_claims_object(const assertion_claims& claims);
std::string assertion_claims_json(const assertion_claims& claims);

// base64url(header) "." base64url(claims) "." base64url(RS256 signature).
std::string build_client_assertion(const certificate_key& key, const assertion_claims& claims);

// `client_id=..&scope=..&client_assertion_type=..&client_assertion=..&grant_type=client_credentials`,
// every value form-encoded.
std::string client_assertion_form(std::string_view client_id, std::string_view scope,
                                  std::string_view assertion);

} // namespace cloudsync::auth::azure
