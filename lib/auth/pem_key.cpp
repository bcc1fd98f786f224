#include "auth/pem_key.hpp"

#include "auth/error.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <climits>

namespace cloudsync::auth {

namespace {

struct bio_free {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct md_ctx_free {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using bio_ptr = std::unique_ptr<BIO, bio_free>;

[[noreturn]] void fail(std::string_view origin, const std::string& what) {
    ERR_clear_error(); // OpenSSL's queue would otherwise leak into the next caller's error
    throw auth_error(std::string(origin) + ": " + what);
}

// Never prompts: an encrypted key fails instead of reading a passphrase from a tty.
int no_passphrase(char*, int, int, void*) {
    return -1;
}

bio_ptr memory_bio(const std::string& text, std::string_view origin) {
    if (text.size() > static_cast<std::size_t>(INT_MAX))
        fail(origin, "pem text too large");
    bio_ptr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio)
        fail(origin, "out of memory");
    return bio;
}

bool encrypted(const std::string& pem) {
    return pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string::npos ||
           pem.find("Proc-Type: 4,ENCRYPTED") != std::string::npos;
}

// PEM_read_bio_PrivateKey reads PKCS#8 ("PRIVATE KEY") and the traditional
// PKCS#1 form ("RSA PRIVATE KEY"), skipping blocks of other types.
std::shared_ptr<EVP_PKEY> read_key(const std::string& pem, const pem_context& context) {
    if (encrypted(pem))
        fail(context.origin, "the private key is encrypted; export it without a passphrase "
                             "(protect the file instead)");
    auto bio = memory_bio(pem, context.origin);
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr);
    if (raw == nullptr)
        fail(context.origin, "no PRIVATE KEY block in the pem text" + context.missing_hint);
    return std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free);
}

std::string der_of(X509* cert, std::string_view origin) {
    const int size = i2d_X509(cert, nullptr);
    if (size <= 0)
        fail(origin, "cannot encode the certificate as DER");
    std::string der(static_cast<std::size_t>(size), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_X509(cert, &out) != size)
        fail(origin, "cannot encode the certificate as DER");
    return der;
}

} // namespace

rsa_private_key::rsa_private_key(const secret& pem, const pem_context& context)
    : key_(read_key(pem.reveal(), context)), origin_(context.origin) {
    if (EVP_PKEY_is_a(key_.get(), "RSA") != 1)
        fail(origin_, std::string("the private key is ") + EVP_PKEY_get0_type_name(key_.get()) +
                          ", not RSA (" + context.rsa_reason + ")");
    if (bits() < 2048)
        fail(origin_, "the RSA key has " + std::to_string(bits()) +
                          " bits; at least 2048 are required");
    ERR_clear_error();
}

int rsa_private_key::bits() const noexcept {
    return EVP_PKEY_get_bits(key_.get());
}

std::string rsa_private_key::sign_rs256(std::string_view input) const {
    std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
    std::size_t length = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, data, input.size()) != 1)
        fail(origin_, "cannot start an RS256 signature");
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                       input.size()) != 1)
        fail(origin_, "RS256 signing failed");
    signature.resize(length);
    return signature;
}

x509_certificate::x509_certificate(const std::string& pem, const pem_context& context) {
    auto bio = memory_bio(pem, context.origin);
    X509* raw = PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr);
    if (raw == nullptr)
        fail(context.origin, "no CERTIFICATE block in the pem text" + context.missing_hint);
    cert_ = std::shared_ptr<X509>(raw, X509_free);
    der_ = der_of(raw, context.origin);
    ERR_clear_error();
}

std::string x509_certificate::sha256_thumbprint() const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(der_.data(), der_.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        ERR_clear_error();
        throw auth_error("certificate: sha-256 failed");
    }
    return std::string(reinterpret_cast<const char*>(digest), length);
}

bool x509_certificate::matches(const rsa_private_key& key) const noexcept {
    const bool ok = X509_check_private_key(cert_.get(), key.native_handle()) == 1;
    ERR_clear_error();
    return ok;
}

} // namespace cloudsync::auth
