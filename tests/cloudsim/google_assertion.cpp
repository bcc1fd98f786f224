#include "cloudsim/google_assertion.hpp"

#include "cloudsim/entra_assertion.hpp"

#include <boost/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <chrono>
#include <memory>

namespace cloudsync::cloudsim {

namespace {

namespace json = boost::json;

constexpr std::int64_t max_lifetime = 3600; // exp - iat, seconds
constexpr std::int64_t clock_skew = 30;     // an iat this far ahead is still believed

reply invalid_grant(std::string_view description) {
    return google_token_error(400, "invalid_grant", description);
}

reply invalid_signature() { return invalid_grant("Invalid JWT Signature."); }

bool verify_rs256(const std::string& public_key_pem, std::string_view signed_part,
                  std::string_view signature) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size())), BIO_free);
    if (!bio) return false;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(), reinterpret_cast<const unsigned char*>(signed_part.data()),
                            signed_part.size()) == 1;
}

std::string string_member(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string{};
}

std::optional<std::int64_t> integer_member(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v->as_uint64());
    return std::nullopt;
}

std::optional<reply> check_times(const json::object& claims) {
    const auto iat = integer_member(claims, "iat");
    const auto exp = integer_member(claims, "exp");
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count();
    if (!iat || !exp || *exp <= now || *iat > now + clock_skew || *exp < *iat ||
        *exp - *iat > max_lifetime) {
        return invalid_grant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                             "reasonable timeframe. Check your iat and exp values in the JWT claim.");
    }
    return std::nullopt;
}

} // namespace

std::optional<reply> check_google_scope(const google_token_config& config, std::string_view scope) {
    bool any = false;
    bool accepted = true;
    while (!scope.empty()) {
        const auto space = scope.find(' ');
        const std::string_view one = scope.substr(0, space);
        scope = space == std::string_view::npos ? std::string_view{} : scope.substr(space + 1);
        if (one.empty()) continue;
        any = true;
        accepted = accepted && std::find(config.scopes.begin(), config.scopes.end(), one) != config.scopes.end();
    }
    if (any && accepted) return std::nullopt;
    return google_token_error(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
}

std::variant<google_assertion, reply> check_google_assertion(const google_token_config& config,
                                                             const std::string& assertion) {
    const auto dot1 = assertion.find('.');
    const auto dot2 = dot1 == std::string::npos ? dot1 : assertion.find('.', dot1 + 1);
    if (dot2 == std::string::npos || assertion.find('.', dot2 + 1) != std::string::npos)
        return invalid_grant("Invalid JWT: the assertion is not a signed JWT.");
    const std::string_view text(assertion);
    const auto header_text = base64url_decode(text.substr(0, dot1));
    const auto claims_text = base64url_decode(text.substr(dot1 + 1, dot2 - dot1 - 1));
    const auto signature = base64url_decode(text.substr(dot2 + 1));
    boost::system::error_code ec1, ec2;
    const auto header = header_text ? json::parse(*header_text, ec1) : json::value{};
    const auto claims = claims_text ? json::parse(*claims_text, ec2) : json::value{};
    if (!signature || ec1 || ec2 || !header.is_object() || !claims.is_object())
        return invalid_grant("Invalid JWT: the header, claims or signature are not base64url JSON.");
    if (string_member(header.as_object(), "alg") != "RS256") return invalid_signature();
    const std::string iss = string_member(claims.as_object(), "iss");
    const auto account = std::find_if(config.service_accounts.begin(), config.service_accounts.end(),
                                      [&](const auto& a) { return a.client_email == iss; });
    if (account == config.service_accounts.end()) return invalid_grant("Invalid grant: account not found");
    if (string_member(header.as_object(), "kid") != account->private_key_id ||
        !verify_rs256(account->public_key_pem, text.substr(0, dot2), *signature))
        return invalid_signature();
    if (string_member(claims.as_object(), "aud") != config.token_url)
        return invalid_grant("Invalid JWT: Failed audience check. The right audience is " + config.token_url);
    if (auto late = check_times(claims.as_object())) return std::move(*late);
    const std::string scope = string_member(claims.as_object(), "scope");
    if (auto bad = check_google_scope(config, scope)) return std::move(*bad);
    return google_assertion{iss, scope};
}

} // namespace cloudsync::cloudsim
