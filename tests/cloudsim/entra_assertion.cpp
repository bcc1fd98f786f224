#include "cloudsim/entra_assertion.hpp"

#include "cloudsim/error.hpp"

#include <boost/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>

namespace cloudsync::cloudsim {

namespace {

namespace json = boost::json;

constexpr std::int64_t max_lifetime = 3600; // seconds between now and exp
constexpr std::int64_t clock_skew = 30;

struct x509_free {
    void operator()(X509* x) const { X509_free(x); }
};
using x509_ptr = std::unique_ptr<X509, x509_free>;

x509_ptr read_certificate(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) return nullptr;
    return x509_ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

std::string thumbprint(X509* cert) {
    unsigned char* der = nullptr;
    const int length = i2d_X509(cert, &der);
    if (length <= 0) throw cloudsim_error("cannot encode certificate as DER");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    const int ok = EVP_Digest(der, static_cast<std::size_t>(length), digest, &digest_length, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    if (ok != 1) throw cloudsim_error("SHA-256 failed");
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), digest_length));
}

bool verify_rs256(X509* cert, std::string_view signed_part, std::string_view signature) {
    EVP_PKEY* key = X509_get0_pubkey(cert);
    if (key == nullptr) return false;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
}

reply malformed(std::string_view why) {
    return token_error(400, "invalid_request", 50027, "JWT token is invalid or malformed. " + std::string(why));
}

reply invalid_signature(std::string_view reason, std::string_view thumbprint) {
    return token_error(401, "invalid_client", 700027,
                       "Client assertion contains an invalid signature. [Reason - " + std::string(reason) +
                           ", Thumbprint of key used by client: '" + std::string(thumbprint) + "']");
}

std::optional<std::int64_t> number_claim(const json::object& claims, std::string_view key) {
    const auto* v = claims.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
    return std::nullopt;
}

std::string string_claim(const json::object& claims, std::string_view key) {
    const auto* v = claims.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string{};
}

std::optional<reply> check_claims(const json::object& claims, const std::string& audience, const std::string& client_id) {
    if (string_claim(claims, "aud") != audience) {
        return token_error(401, "invalid_client", 700023,
                           "Client assertion audience claim does not match Realm issuer. Expected '" + audience + "'.");
    }
    if (string_claim(claims, "iss") != client_id || string_claim(claims, "sub") != client_id) {
        return token_error(401, "invalid_client", 700021,
                           "Client assertion application identifier doesn't match 'client_id' parameter.");
    }
    const auto exp = number_claim(claims, "exp");
    const auto nbf = number_claim(claims, "nbf");
    if (!exp) return malformed("The 'exp' claim is missing.");
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count();
    if (*exp <= now || *exp > now + max_lifetime + clock_skew || (nbf && *nbf > now + clock_skew)) {
        return token_error(401, "invalid_client", 700024,
                           "Client assertion is not within its valid time range. Current time: " +
                               std::to_string(now) + ", assertion valid from " + std::to_string(nbf.value_or(0)) +
                               ", expiry time of assertion " + std::to_string(*exp) + ".");
    }
    if (string_claim(claims, "jti").empty()) return malformed("The 'jti' claim is missing.");
    return std::nullopt;
}

} // namespace

std::string base64url_encode(std::string_view bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(alphabet[(buffer >> bits) & 63]);
        }
    }
    if (bits > 0) out.push_back(alphabet[(buffer << (6 - bits)) & 63]);
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : text) {
        int v = -1;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '-') v = 62;
        else if (c == '_') v = 63;
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 255));
        }
    }
    if (bits >= 6) return std::nullopt; // a lone trailing character is not base64url
    return out;
}

std::string certificate_thumbprint_s256(const std::string& certificate_pem) {
    const auto cert = read_certificate(certificate_pem);
    if (!cert) throw cloudsim_error("not a PEM certificate");
    return thumbprint(cert.get());
}

std::optional<reply> check_client_assertion(const token_endpoint_config& config, std::string_view tenant,
                                            const std::string& client_id,
                                            const std::optional<std::string>& assertion_type,
                                            const std::string& assertion) {
    if (assertion_type != jwt_bearer_assertion_type) {
        return token_error(400, "invalid_request", 50027, "Invalid client_assertion_type; expected '" +
                                                              std::string(jwt_bearer_assertion_type) + "'.");
    }
    const auto dot1 = assertion.find('.');
    const auto dot2 = dot1 == std::string::npos ? dot1 : assertion.find('.', dot1 + 1);
    if (dot2 == std::string::npos || assertion.find('.', dot2 + 1) != std::string::npos) {
        return malformed("A JWS compact serialization has three parts.");
    }
    const auto header_text = base64url_decode(std::string_view(assertion).substr(0, dot1));
    const auto claims_text = base64url_decode(std::string_view(assertion).substr(dot1 + 1, dot2 - dot1 - 1));
    const auto signature = base64url_decode(std::string_view(assertion).substr(dot2 + 1));
    boost::system::error_code ec1, ec2;
    const auto header = header_text ? json::parse(*header_text, ec1) : json::value{};
    const auto claims = claims_text ? json::parse(*claims_text, ec2) : json::value{};
    if (!signature || ec1 || ec2 || !header.is_object() || !claims.is_object()) {
        return malformed("The header, claims or signature are not base64url JSON.");
    }
    const std::string alg = string_claim(header.as_object(), "alg");
    if (alg != "RS256") {
        return token_error(401, "invalid_client", 5002738,
                           "Invalid JWT token. '" + alg + "' is not a supported signature algorithm. "
                           "Supported signing algorithms are: 'RS256'");
    }
    const std::string x5t = string_claim(header.as_object(), "x5t#S256");
    for (const auto& c : config.certificates) {
        if (c.tenant_id != tenant || c.client_id != client_id) continue;
        const auto cert = read_certificate(c.certificate_pem);
        if (!cert || thumbprint(cert.get()) != x5t) continue;
        if (!verify_rs256(cert.get(), std::string_view(assertion).substr(0, dot2), *signature)) {
            return invalid_signature("The provided signature value did not match the expected signature value.", x5t);
        }
        return check_claims(claims.as_object(), config.base_url + "/" + std::string(tenant) + "/oauth2/v2.0/token",
                            client_id);
    }
    return invalid_signature("The key was not found.", x5t);
}

} // namespace cloudsync::cloudsim
