#include "auth/gcp/service_account_credential.hpp"

#include "auth/error.hpp"
#include "auth/gcp/detail/endpoint.hpp"
#include "auth/gcp/scopes.hpp"
#include "auth/gcp/token_request.hpp"
#include "auth/oauth_token.hpp"

namespace cloudsync::auth::gcp {

namespace {

constexpr std::string_view origin = "gcp service account";

rsa_private_key load_key(const service_account_key& key) {
    if (key.client_email.empty())
        throw auth_error(std::string(origin) + ": client_email is empty");
    if (key.private_key.empty())
        throw auth_error(std::string(origin) + ": private_key is empty");
    pem_context context;
    context.origin = std::string(origin) + " " + key.client_email + " private_key";
    context.missing_hint = " (the key file's private_key holds the PEM text)";
    context.rsa_reason = "Google signs service-account assertions with RS256";
    return rsa_private_key(key.private_key, context);
}

} // namespace

service_account_credential::service_account_credential(std::shared_ptr<http::client> client,
                                                       service_account_options options)
    : bearer_authorizer(options.clock), client_(std::move(client)),
      clock_(options.clock ? std::move(options.clock) : std::make_shared<real_clock>()),
      client_email_(options.key.client_email), key_id_(options.key.private_key_id),
      key_(load_key(options.key)),
      token_url_(detail::checked_token_url(options.token_endpoint.empty() ? options.key.token_uri
                                                                          : options.token_endpoint,
                                           std::string(origin) + " token endpoint")),
      scope_(join_scopes(options.scopes.empty() ? default_scopes() : options.scopes)) {
    if (!client_)
        throw auth_error(std::string(origin) + ": no http client");
}

boost::asio::awaitable<bearer_token> service_account_credential::fetch() {
    service_account_claims claims;
    claims.client_email = client_email_;
    claims.audience = token_url_;
    claims.scope = scope_;
    claims.now = clock_->system();
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = token_url_;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = jwt_bearer_form(build_assertion(key_, key_id_, claims));
    const http::response res = co_await client_->send(std::move(req));
    co_return parse_token_answer(res.status, res.body, token_url_);
}

} // namespace cloudsync::auth::gcp
