// Compact JWS (RFC 7515 §7.1) signed RS256, the one JWT form our credentials send:
// Azure's client assertion (header x5t#S256) and GCP's service-account assertion
// (header kid). The caller chooses the extra header members and every claim; this
// file owns the alg/typ members, the base64url segments and the signature. Pure
// functions but random_jwt_id(). What is not here: key loading (pem_key.hpp), the
// claims a given identity provider requires (auth/azure, auth/gcp).
#pragma once

#include "auth/pem_key.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace cloudsync::auth {

// {"alg":"RS256","typ":"JWT"} followed by extra's members in their order, e.g.
// {"kid": key id} or {"x5t#S256": thumbprint}. extra must not hold alg or typ
// (throws auth_error: the signature algorithm is not the caller's to choose).
boost::json::object rs256_header(const boost::json::object& extra = {});

// base64url(serialize(header)) "." base64url(serialize(claims)) "." base64url(RS256
// signature by key over the first two segments). Members keep their order.
// Throws auth_error when signing fails.
std::string sign_jwt(const rsa_private_key& key, const boost::json::object& header,
                     const boost::json::object& claims);

// Seconds since the epoch, the unit of the registered time claims (iat, nbf, exp).
std::int64_t jwt_time(std::chrono::system_clock::time_point t) noexcept;

// A random (version 4) UUID in lower-case 8-4-4-4-12 form from OpenSSL's CSPRNG,
// for the `jti` claim. Throws auth_error when the generator fails.
std::string random_jwt_id();

} // namespace cloudsync::auth
