#include "auth/aws/assume_role.hpp"

#include "auth/authorizer.hpp"
#include "auth/aws/sigv4_authorizer.hpp"
#include "auth/error.hpp"

namespace cloudsync::auth::aws {

namespace {

std::shared_ptr<const cloudsync::clock> or_real(std::shared_ptr<const cloudsync::clock> clock) {
    return clock ? std::move(clock) : std::make_shared<real_clock>();
}

} // namespace

assume_role::assume_role(std::shared_ptr<http::client> client,
                         std::shared_ptr<credential_source> base, assume_role_options options)
    : client_(std::move(client)), base_(std::move(base)), options_(std::move(options)),
      clock_(or_real(options_.clock)), cache_(clock_) {
    if (!client_ || !base_)
        throw auth_error("sts AssumeRole: no http client or base credentials");
    if (options_.endpoint.empty() || options_.region.empty())
        throw auth_error("sts AssumeRole: the sts endpoint and region are required");
    (void)assume_role_request(options_.endpoint, options_.role); // refuses bad parameters now
}

boost::asio::awaitable<aws_credentials> assume_role::get() {
    auto self = shared_from_this();
    co_return co_await cache_.get([self] { return fetch(self); }, "sts AssumeRole of " +
                                                                      options_.role.role_arn +
                                                                      " at " + options_.endpoint);
}

void assume_role::invalidate(std::string_view access_key_id) noexcept {
    const auto& current = cache_.current();
    if (current && current->access_key_id == access_key_id)
        cache_.forget(); // else it refused an older session; the cached one is newer
}

boost::asio::awaitable<refresh_cache<aws_credentials>::fetched>
assume_role::fetch(std::shared_ptr<assume_role> self) {
    const auto& o = self->options_;
    auto signer =
        std::make_shared<sigv4_authorizer>(self->base_, sigv4_scope{"sts", o.region}, self->clock_);
    http::request req = assume_role_request(o.endpoint, o.role);
    const http::response res = co_await send(self->client_, std::move(signer), std::move(req));
    aws_credentials session = parse_assume_role_answer(res.status, res.body, o.endpoint);
    // Planned from the time left as our clock sees it (refresh_cache clamps it).
    const auto left =
        std::chrono::duration_cast<std::chrono::seconds>(*session.expiry - self->clock_->system());
    co_return refresh_cache<aws_credentials>::fetched{std::move(session), left};
}

} // namespace cloudsync::auth::aws
