#include "auth/azure/client_secret_credential.hpp"

#include "auth/azure/detail/entra.hpp"
#include "auth/azure/token_request.hpp"
#include "auth/error.hpp"
#include "auth/oauth_token.hpp"

namespace cloudsync::auth::azure {

std::string default_scope(std::string_view resource) {
    return detail::strip_trailing_slashes(std::string(resource)) + "/.default";
}

client_secret_credential::client_secret_credential(std::shared_ptr<http::client> client,
                                                   client_secret_options options)
    : bearer_authorizer(options.clock), client_(std::move(client)), options_(std::move(options)) {
    token_url_ = detail::entra_token_url(options_.login_endpoint, options_.tenant_id);
    if (options_.client_id.empty())
        throw auth_error("azure credential: client_id is empty");
    if (options_.client_secret.empty())
        throw auth_error("azure credential: client_secret is empty");
    if (options_.scope.empty())
        throw auth_error("azure credential: scope is empty");
    if (!client_)
        throw auth_error("azure credential: no http client");
}

boost::asio::awaitable<bearer_token> client_secret_credential::fetch() {
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = token_url_;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = client_credentials_form(options_.client_id, options_.scope, options_.client_secret);
    const http::response res = co_await client_->send(std::move(req));
    co_return parse_token_answer(res.status, res.body, token_url_);
}

} // namespace cloudsync::auth::azure
