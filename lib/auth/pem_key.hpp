// PEM key material for RS256 signing, whatever the cloud: an RSA private key
// (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY"; a GCP service-account key
// file's `private_key`, the key half of an Azure client certificate file) and an
// X.509 certificate (its DER bytes, its SHA-256 thumbprint, whether a key belongs
// to it). What is not here: JWT layout (jwt.hpp), JOSE header names, any I/O.
#pragma once

#include "core/secret.hpp"

#include <memory>
#include <string>
#include <string_view>

struct evp_pkey_st; // OpenSSL's EVP_PKEY, kept out of this header
struct x509_st;     // OpenSSL's X509

namespace cloudsync::auth {

// How load errors name the text they come from. Every auth_error message is
// "{origin}: {problem}", never a byte of the key.
struct pem_context {
    std::string origin = "pem key";  // e.g. "gcp service account key /etc/cloudsync/k.json"
    std::string missing_hint;        // appended when a CERTIFICATE or PRIVATE KEY block is missing
    std::string rsa_reason = "RS256 needs an RSA key"; // why a non-RSA key is refused
};

// An unencrypted RSA private key of at least 2048 bits. Immutable after
// construction; thread-safe to share (const member functions only); copies share
// the key.
class rsa_private_key {
public:
    // Parses the first private key block of pem (other blocks, e.g. a certificate,
    // may come before or after it). Throws auth_error when there is no private
    // key block, the key is encrypted (never prompts for a passphrase), is not
    // RSA, or has fewer than 2048 bits.
    explicit rsa_private_key(const secret& pem, const pem_context& context = {});

    // RSASSA-PKCS1-v1_5 with SHA-256 over input (JWS "RS256"); raw signature bytes
    // (as long as the modulus). Throws auth_error when OpenSSL fails.
    std::string sign_rs256(std::string_view input) const;

    int bits() const noexcept;
    evp_pkey_st* native_handle() const noexcept { return key_.get(); }

private:
    std::shared_ptr<evp_pkey_st> key_;
    std::string origin_;
};

// An X.509 certificate. Immutable, thread-safe to share, copies share it.
class x509_certificate {
public:
    // Parses the first CERTIFICATE block of pem. Throws auth_error when there is none.
    explicit x509_certificate(const std::string& pem, const pem_context& context = {});

    // The DER encoding (what thumbprints hash).
    const std::string& der() const noexcept { return der_; }
    // SHA-256 of der(), raw bytes (base64url of it is JOSE's x5t#S256).
    std::string sha256_thumbprint() const;
    // True when key is the private half of this certificate's public key.
    bool matches(const rsa_private_key& key) const noexcept;

private:
    std::shared_ptr<x509_st> cert_;
    std::string der_;
};

} // namespace cloudsync::auth
