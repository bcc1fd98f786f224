#include "auth/azure/certificate_key.hpp"

#include "auth/base64url.hpp"
#include "auth/error.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <climits>
#include <memory>

namespace cloudsync::auth::azure {

namespace {

struct bio_free {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct x509_free {
    void operator()(X509* x) const noexcept { X509_free(x); }
};
struct md_ctx_free {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using bio_ptr = std::unique_ptr<BIO, bio_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;

[[noreturn]] void fail(const std::string& what) {
    ERR_clear_error(); // OpenSSL's queue would otherwise leak into the next caller's error
    throw auth_error("azure client certificate: " + what);
}

// Never prompts: an encrypted key fails instead of reading a passphrase from a tty.
int no_passphrase(char*, int, int, void*) {
    return -1;
}

bio_ptr memory_bio(const std::string& text) {
    if (text.size() > static_cast<std::size_t>(INT_MAX))
        fail("pem text too large");
    bio_ptr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio)
        fail("out of memory");
    return bio;
}

x509_ptr read_certificate(const std::string& pem) {
    auto bio = memory_bio(pem);
    x509_ptr cert(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
    if (!cert)
        fail("no CERTIFICATE block in the pem text (expected the certificate and its private "
             "key in one file)");
    return cert;
}

std::shared_ptr<EVP_PKEY> read_key(const std::string& pem) {
    if (pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string::npos ||
        pem.find("Proc-Type: 4,ENCRYPTED") != std::string::npos)
        fail("the private key is encrypted; export it without a passphrase (protect the file "
             "instead)");
    auto bio = memory_bio(pem);
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr);
    if (raw == nullptr)
        fail("no PRIVATE KEY block in the pem text (expected the certificate and its private "
             "key in one file)");
    return std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free);
}

std::string der_of(X509* cert) {
    const int size = i2d_X509(cert, nullptr);
    if (size <= 0)
        fail("cannot encode the certificate as DER");
    std::string der(static_cast<std::size_t>(size), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_X509(cert, &out) != size)
        fail("cannot encode the certificate as DER");
    return der;
}

std::string sha256(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        fail("sha-256 failed");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

} // namespace

certificate_key::certificate_key(const secret& pem) {
    const auto cert = read_certificate(pem.reveal());
    auto key = read_key(pem.reveal());
    if (EVP_PKEY_is_a(key.get(), "RSA") != 1)
        fail(std::string("the private key is ") + EVP_PKEY_get0_type_name(key.get()) +
             ", not RSA (Microsoft Entra ID client assertions are signed RS256)");
    if (EVP_PKEY_get_bits(key.get()) < 2048)
        fail("the RSA key has " + std::to_string(EVP_PKEY_get_bits(key.get())) +
             " bits; at least 2048 are required");
    if (X509_check_private_key(cert.get(), key.get()) != 1)
        fail("the private key does not belong to the certificate");
    der_ = der_of(cert.get());
    x5t_s256_ = base64url_encode(sha256(der_));
    key_ = std::move(key);
    ERR_clear_error();
}

std::string certificate_key::sign_rs256(std::string_view input) const {
    std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
    std::size_t length = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) != 1)
        fail("cannot start an RS256 signature");
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                       input.size()) != 1)
        fail("RS256 signing failed");
    signature.resize(length);
    return signature;
}

} // namespace cloudsync::auth::azure
