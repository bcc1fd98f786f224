#include "auth/azure/client_assertion.hpp"

#include "auth/jwt.hpp"
#include "auth/oauth_token.hpp"

#include <boost/json/serialize.hpp>

namespace cloudsync::auth::azure {

boost::json::object assertion_header(std::string_view x5t_s256) {
    boost::json::object extra;
    extra["x5t#S256"] = x5t_s256;
    return rs256_header(extra);
}

std::string assertion_header_json(std::string_view x5t_s256) {
    return boost::json::serialize(assertion_header(x5t_s256));
}

boost::json::object assertion_claims_object(const assertion_claims& claims) {
    const auto now = jwt_time(claims.now);
    boost::json::object body;
    body["aud"] = claims.audience;
    body["exp"] = now + claims.lifetime.count();
    body["iss"] = claims.client_id;
    body["jti"] = claims.jwt_id;
    body["nbf"] = now;
    body["sub"] = claims.client_id;
    body["iat"] = now;
    return body;
}

std::string assertion_claims_json(const assertion_claims& claims) {
    return boost::json::serialize(assertion_claims_object(claims));
}

std::string build_client_assertion(const certificate_key& key, const assertion_claims& claims) {
    return sign_jwt(key.key(), assertion_header(key.x5t_s256()), assertion_claims_object(claims));
}

std::string client_assertion_form(std::string_view client_id, std::string_view scope,
                                  std::string_view assertion) {
    return form_body({{"client_id", client_id},
                      {"scope", scope},
                      {"client_assertion_type", jwt_bearer_assertion_type},
                      {"client_assertion", assertion},
                      {"grant_type", "client_credentials"}});
}

} // namespace cloudsync::auth::azure
