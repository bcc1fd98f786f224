#include "auth/gcp/authorized_user_credential.hpp"

#include "auth/error.hpp"
#include "auth/gcp/detail/endpoint.hpp"
#include "auth/gcp/scopes.hpp"
#include "auth/gcp/token_request.hpp"
#include "auth/oauth_token.hpp"
#include "core/json.hpp"

#include <boost/json/parse.hpp>

#include <optional>

namespace cloudsync::auth::gcp {

namespace {

constexpr std::string_view origin = "gcp authorized user";

const authorized_user_key& checked(const authorized_user_key& key) {
    for (const auto& [name, empty] : {std::pair{"client_id", key.client_id.empty()},
                                      {"client_secret", key.client_secret.empty()},
                                      {"refresh_token", key.refresh_token.empty()}})
        if (empty)
            throw auth_error(std::string(origin) + ": " + name + " is empty");
    return key;
}

// The refresh_token of a successful answer, when Google sent a new one.
std::optional<std::string> rotated_refresh_token(std::string_view body) {
    boost::system::error_code ec;
    const auto doc = boost::json::parse(body, ec);
    if (ec)
        return std::nullopt;
    auto token = json::string_at(doc, {"refresh_token"});
    return token && !token->empty() ? token : std::nullopt;
}

} // namespace

authorized_user_credential::authorized_user_credential(std::shared_ptr<http::client> client,
                                                       authorized_user_options options)
    : bearer_authorizer(options.clock), client_(std::move(client)), key_(checked(options.key)),
      token_url_(detail::checked_token_url(options.token_endpoint.empty()
                                               ? default_token_uri
                                               : std::string_view(options.token_endpoint),
                                           std::string(origin) + " token endpoint")),
      scope_(join_scopes(options.scopes.empty() ? default_scopes() : options.scopes)) {
    if (!client_)
        throw auth_error(std::string(origin) + ": no http client");
}

boost::asio::awaitable<bearer_token> authorized_user_credential::fetch() {
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = token_url_;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = refresh_token_form(key_.client_id, key_.client_secret.reveal(),
                                  key_.refresh_token.reveal(), scope_);
    const http::response res = co_await client_->send(std::move(req));
    bearer_token token = parse_token_answer(res.status, res.body, token_url_);
    if (auto rotated = rotated_refresh_token(res.body))
        key_.refresh_token = secret(std::move(*rotated));
    co_return token;
}

} // namespace cloudsync::auth::gcp
