#include "auth/aws/instance_profile.hpp"

#include "auth/error.hpp"

namespace cloudsync::auth::aws {

namespace {

std::shared_ptr<const cloudsync::clock> or_real(std::shared_ptr<const cloudsync::clock> clock) {
    return clock ? std::move(clock) : std::make_shared<real_clock>();
}

} // namespace

instance_profile::instance_profile(std::shared_ptr<http::client> client,
                                   instance_profile_options options)
    : client_(std::move(client)), endpoint_(checked_imds_endpoint(options.endpoint)),
      clock_(or_real(std::move(options.clock))), cache_(clock_) {
    if (!client_)
        throw auth_error("aws instance profile: no http client");
}

boost::asio::awaitable<aws_credentials> instance_profile::get() {
    auto self = shared_from_this();
    co_return co_await cache_.get([self] { return fetch(self); },
                                  "aws instance profile at " + endpoint_);
}

void instance_profile::invalidate(std::string_view access_key_id) noexcept {
    const auto& current = cache_.current();
    if (current && current->access_key_id == access_key_id)
        cache_.forget();
}

boost::asio::awaitable<refresh_cache<aws_credentials>::fetched>
instance_profile::fetch(std::shared_ptr<instance_profile> self) {
    const std::string& base = self->endpoint_;
    http::request put = imds_token_request(base);
    const http::response token = co_await self->client_->send(std::move(put));
    if (token.status != 200 || token.body.empty())
        throw auth_error("aws instance profile at " + base + std::string(imds_token_path) +
                         " failed: HTTP " + std::to_string(token.status) +
                         " (no IMDSv2 session token)");
    const secret session(token.body);

    const std::string list_url = base + std::string(imds_credentials_path);
    http::request list = imds_get_request(base, imds_credentials_path, session);
    const http::response roles = co_await self->client_->send(std::move(list));
    const std::string role = parse_imds_role(roles.status, roles.body, list_url);

    const std::string keys_path = std::string(imds_credentials_path) + role;
    http::request get = imds_get_request(base, keys_path, session);
    const http::response keys = co_await self->client_->send(std::move(get));
    aws_credentials credentials = parse_imds_credentials(keys.status, keys.body, base + keys_path);
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*credentials.expiry -
                                                                       self->clock_->system());
    co_return refresh_cache<aws_credentials>::fetched{std::move(credentials), left};
}

} // namespace cloudsync::auth::aws
