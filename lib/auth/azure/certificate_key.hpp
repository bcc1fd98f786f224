// A client certificate and its RSA private key, loaded from one PEM text (the
// form Azure's tooling exports: the CERTIFICATE block and the PRIVATE KEY block
// in one file): what the certificate credential needs to sign a client
// assertion — the certificate's x5t#S256 thumbprint and RS256 signatures.
// Loading and signing are the provider-neutral pem_key.hpp; this file adds the
// pairing rule and Azure's wording of the errors. What is not here: the JWT
// format (client_assertion.hpp) and any I/O.
#pragma once

#include "auth/pem_key.hpp"
#include "core/secret.hpp"

#include <string>
#include <string_view>

namespace cloudsync::auth::azure {

// Immutable after construction; thread-safe to share (const member functions
// only). Copies share the key.
class certificate_key {
public:
    // Parses pem. Throws auth_error (naming what is wrong, never the key) when the
    // text holds no certificate, no private key, an encrypted private key, a key
    // that is not RSA, an RSA key shorter than 2048 bits, or a key that does not
    // belong to the certificate.
    explicit certificate_key(const secret& pem);

    // The certificate's DER encoding (what the thumbprint hashes).
    const std::string& certificate_der() const noexcept { return certificate_.der(); }

    // base64url(SHA-256(DER)): the `x5t#S256` JOSE header value (RFC 7515 §4.1.8).
    const std::string& x5t_s256() const noexcept { return x5t_s256_; }

    // The private key (signs the assertion, jwt.hpp).
    const rsa_private_key& key() const noexcept { return key_; }

    // RSASSA-PKCS1-v1_5 with SHA-256 over input (JWS "RS256"); raw signature bytes.
    // Throws auth_error when OpenSSL fails.
    std::string sign_rs256(std::string_view input) const { return key_.sign_rs256(input); }

private:
    x509_certificate certificate_;
    rsa_private_key key_;
    std::string x5t_s256_;
};

} // namespace cloudsync::auth::azure
