// Test-only key material made on the spot with OpenSSL: an RSA or EC key and a
// self-signed certificate for it, as PEM text, plus signature verification with
// a certificate's or a key's public half. Nothing here is a fixture on disk.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::test {

struct pem_pair {
    std::string certificate; // -----BEGIN CERTIFICATE-----
    std::string key;         // -----BEGIN PRIVATE KEY----- (PKCS#8)
    std::string both() const { return certificate + key; }
};

inline std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

inline std::shared_ptr<EVP_PKEY> make_key(const std::string& kind, unsigned bits = 2048) {
    EVP_PKEY* key = kind == "rsa" ? EVP_RSA_gen(bits) : EVP_EC_gen("P-256");
    if (key == nullptr)
        throw std::runtime_error("key generation failed");
    return {key, EVP_PKEY_free};
}

inline std::string key_pem(EVP_PKEY* key, const char* passphrase = nullptr) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    const int ok =
        passphrase
            ? PEM_write_bio_PKCS8PrivateKey(bio.get(), key, EVP_aes_256_cbc(), passphrase,
                                            static_cast<int>(std::string(passphrase).size()),
                                            nullptr, nullptr)
            : PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    if (ok != 1)
        throw std::runtime_error("key PEM failed");
    return bio_text(bio.get());
}

// The traditional PKCS#1 form: -----BEGIN RSA PRIVATE KEY-----.
// "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo), as Google publishes a
// service account key's public half.
inline std::string public_key_pem(EVP_PKEY* key) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PUBKEY(bio.get(), key);
    return bio_text(bio.get());
}

inline std::string key_pem_pkcs1(EVP_PKEY* key) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr,
                                             nullptr) != 1)
        throw std::runtime_error("PKCS#1 PEM failed");
    return bio_text(bio.get());
}

inline std::string certificate_pem(EVP_PKEY* key, const char* common_name = "cloudsync-test") {
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 42);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600L * 24 * 365);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (X509_sign(cert.get(), key, EVP_sha256()) <= 0)
        throw std::runtime_error("certificate signing failed");
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), cert.get());
    return bio_text(bio.get());
}

inline pem_pair make_pem_pair(const std::string& kind = "rsa", unsigned bits = 2048) {
    const auto key = make_key(kind, bits);
    return {certificate_pem(key.get()), key_pem(key.get())};
}

// True when signature is a valid RS256 (PKCS#1 v1.5, SHA-256) signature of input
// by the key certified in certificate (PEM).
inline bool verify_rs256(const std::string& certificate, std::string_view input,
                         std::string_view signature) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(certificate.data(), static_cast<int>(certificate.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    if (!cert)
        return false;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                             X509_get0_pubkey(cert.get())) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                            input.size()) == 1;
}

// True when signature is a valid RS256 signature of input by key (its public half).
inline bool verify_rs256_key(EVP_PKEY* key, std::string_view input, std::string_view signature) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                            input.size()) == 1;
}

// The dot-separated segments of a compact JWS.
inline std::vector<std::string> split_jwt(const std::string& jwt) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (auto dot = jwt.find('.'); dot != std::string::npos; dot = jwt.find('.', start)) {
        parts.push_back(jwt.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(jwt.substr(start));
    return parts;
}

// SHA-256 of the DER form of a PEM certificate (to check thumbprints independently).
inline std::string certificate_sha256(const std::string& certificate) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(certificate.data(), static_cast<int>(certificate.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    X509_digest(cert.get(), EVP_sha256(), digest, &length);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

} // namespace cloudsync::test
