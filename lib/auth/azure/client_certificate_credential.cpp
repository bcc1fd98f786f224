#include "auth/azure/client_certificate_credential.hpp"

#include "auth/azure/client_assertion.hpp"
#include "auth/azure/detail/entra.hpp"
#include "auth/error.hpp"
#include "auth/jwt.hpp"
#include "auth/oauth_token.hpp"

namespace cloudsync::auth::azure {

namespace {

const secret& checked_pem(const secret& pem) {
    if (pem.empty())
        throw auth_error("azure credential: client certificate is empty");
    return pem;
}

} // namespace

client_certificate_credential::client_certificate_credential(std::shared_ptr<http::client> client,
                                                             client_certificate_options options)
    : bearer_authorizer(options.clock), client_(std::move(client)),
      client_id_(std::move(options.client_id)), scope_(std::move(options.scope)),
      clock_(options.clock ? std::move(options.clock) : std::make_shared<real_clock>()),
      key_(checked_pem(options.certificate)),
      token_url_(detail::entra_token_url(std::move(options.login_endpoint), options.tenant_id)) {
    if (client_id_.empty())
        throw auth_error("azure credential: client_id is empty");
    if (scope_.empty())
        throw auth_error("azure credential: scope is empty");
    if (!client_)
        throw auth_error("azure credential: no http client");
}

boost::asio::awaitable<bearer_token> client_certificate_credential::fetch() {
    assertion_claims claims;
    claims.audience = token_url_;
    claims.client_id = client_id_;
    claims.jwt_id = random_jwt_id();
    claims.now = clock_->system();
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = token_url_;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = client_assertion_form(client_id_, scope_, build_client_assertion(key_, claims));
    const http::response res = co_await client_->send(std::move(req));
    co_return parse_token_answer(res.status, res.body, token_url_);
}

} // namespace cloudsync::auth::azure
