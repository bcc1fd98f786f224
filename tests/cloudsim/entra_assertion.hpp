// Certificate credentials at the Entra ID token endpoint: checks a JWT client
// assertion (client_assertion_type = urn:ietf:params:oauth:client-assertion-type:jwt-bearer)
// the way Entra does: RS256 only; the header's x5t#S256 (base64url SHA-256 of
// the DER certificate) names a certificate registered for the client; the
// signature verifies with that certificate's public key; aud is the token
// endpoint URL; iss and sub are the client id; exp is in the future and at
// most an hour away; nbf is not in the future; jti is present. Each failure
// is the official error (invalid_client / invalid_request with its AADSTS code).
#pragma once

#include "cloudsim/entra.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim {

inline constexpr std::string_view jwt_bearer_assertion_type =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// The error reply, or nullopt when the assertion authenticates client_id.
std::optional<reply> check_client_assertion(const token_endpoint_config& config, std::string_view tenant,
                                            const std::string& client_id,
                                            const std::optional<std::string>& assertion_type,
                                            const std::string& assertion);

// base64url (no padding) of SHA-256 over the DER form of a PEM certificate, as
// x5t#S256 carries it. Throws cloudsim_error when the PEM holds no certificate.
std::string certificate_thumbprint_s256(const std::string& certificate_pem);

// Base64url without padding, and its inverse (nullopt on bad input).
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace cloudsync::cloudsim
