#include "auth/gcp/token_request.hpp"

#include "auth/error.hpp"
#include "auth/jwt.hpp"
#include "auth/oauth_token.hpp"

namespace cloudsync::auth::gcp {

boost::json::object assertion_header(std::string_view key_id) {
    boost::json::object extra;
    if (!key_id.empty())
        extra["kid"] = key_id;
    return rs256_header(extra);
}

boost::json::object assertion_claims(const service_account_claims& claims) {
    if (claims.lifetime <= std::chrono::seconds(0) || claims.lifetime > max_assertion_lifetime)
        throw auth_error("gcp service account: an assertion lives more than 0 s and at most 1 h");
    if (claims.client_email.empty() || claims.audience.empty() || claims.scope.empty())
        throw auth_error("gcp service account: assertion needs client_email, audience and scope");
    const auto iat = jwt_time(claims.now);
    boost::json::object body;
    body["iss"] = claims.client_email;
    body["scope"] = claims.scope;
    body["aud"] = claims.audience;
    body["iat"] = iat;
    body["exp"] = iat + claims.lifetime.count();
    return body;
}

std::string build_assertion(const rsa_private_key& key, std::string_view key_id,
                            const service_account_claims& claims) {
    return sign_jwt(key, assertion_header(key_id), assertion_claims(claims));
}

std::string jwt_bearer_form(std::string_view assertion) {
    return form_body({{"grant_type", jwt_bearer_grant_type}, {"assertion", assertion}});
}

std::string refresh_token_form(std::string_view client_id, std::string_view client_secret,
                               std::string_view refresh_token, std::string_view scope) {
    std::string body = form_body({{"grant_type", "refresh_token"},
                                  {"client_id", client_id},
                                  {"client_secret", client_secret},
                                  {"refresh_token", refresh_token}});
    if (!scope.empty())
        body += "&scope=" + form_url_encode(scope);
    return body;
}

} // namespace cloudsync::auth::gcp
