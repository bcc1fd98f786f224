#include "auth/azure/client_assertion.hpp"

#include "auth/azure/token_response.hpp"
#include "auth/base64url.hpp"
#include "auth/error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/rand.h>

#include <array>
#include <cstdio>

namespace cloudsync::auth::azure {

namespace {

std::int64_t epoch_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

} // namespace

std::string assertion_header_json(std::string_view x5t_s256) {
    boost::json::object header;
    header["alg"] = "RS256";
    header["typ"] = "JWT";
    header["x5t#S256"] = x5t_s256;
    return boost::json::serialize(header);
}

std::string assertion_claims_json(const assertion_claims& claims) {
    const auto now = epoch_seconds(claims.now);
    boost::json::object body;
    body["aud"] = claims.audience;
    body["exp"] = now + claims.lifetime.count();
    body["iss"] = claims.client_id;
    body["jti"] = claims.jwt_id;
    body["nbf"] = now;
    body["sub"] = claims.client_id;
    body["iat"] = now;
    return boost::json::serialize(body);
}

std::string random_uuid() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw auth_error("azure client certificate: random number generator failed");
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40); // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
    std::string out;
    out.reserve(36);
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out.push_back('-');
        out.push_back(hex[bytes[i] >> 4]);
        out.push_back(hex[bytes[i] & 0x0F]);
    }
    return out;
}

std::string build_client_assertion(const certificate_key& key, const assertion_claims& claims) {
    std::string input = base64url_encode(assertion_header_json(key.x5t_s256())) + "." +
                        base64url_encode(assertion_claims_json(claims));
    const std::string signature = key.sign_rs256(input);
    return input + "." + base64url_encode(signature);
}

std::string client_assertion_form(std::string_view client_id, std::string_view scope,
                                  std::string_view assertion) {
    return "client_id=" + form_url_encode(client_id) + "&scope=" + form_url_encode(scope) +
           "&client_assertion_type=" + form_url_encode(jwt_bearer_assertion_type) +
           "&client_assertion=" + form_url_encode(assertion) + "&grant_type=client_credentials";
}

} // namespace cloudsync::auth::azure
