#include "auth/azure/client_secret_credential.hpp"

#include "auth/azure/token_response.hpp"
#include "auth/error.hpp"

#include <algorithm>
#include <cctype>

namespace cloudsync::auth::azure {

namespace {

// The tenant lands in the URL path: accept only what a GUID or a domain name holds.
bool valid_tenant(const std::string& tenant) {
    return !tenant.empty() && std::all_of(tenant.begin(), tenant.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    });
}

std::string strip_trailing_slashes(std::string text) {
    while (!text.empty() && text.back() == '/')
        text.pop_back();
    return text;
}

} // namespace

std::string default_scope(std::string_view resource) {
    return strip_trailing_slashes(std::string(resource)) + "/.default";
}

client_secret_credential::client_secret_credential(std::shared_ptr<http::client> client,
                                                   client_secret_options options)
    : bearer_authorizer(options.clock), client_(std::move(client)), options_(std::move(options)) {
    if (!valid_tenant(options_.tenant_id))
        throw auth_error("azure credential: tenant_id must be a GUID or a domain name");
    if (options_.client_id.empty())
        throw auth_error("azure credential: client_id is empty");
    if (options_.client_secret.empty())
        throw auth_error("azure credential: client_secret is empty");
    if (options_.scope.empty())
        throw auth_error("azure credential: scope is empty");
    const auto login = strip_trailing_slashes(options_.login_endpoint);
    if (login.empty())
        throw auth_error("azure credential: login endpoint is empty");
    if (!client_)
        throw auth_error("azure credential: no http client");
    token_url_ = login + "/" + options_.tenant_id + "/oauth2/v2.0/token";
}

boost::asio::awaitable<bearer_token> client_secret_credential::fetch() {
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = token_url_;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = client_credentials_form(options_.client_id, options_.scope, options_.client_secret);
    const http::response res = co_await client_->send(std::move(req));
    co_return parse_token_response(res.status, res.body, token_url_);
}

} // namespace cloudsync::auth::azure
