#include "auth/bearer_authorizer.hpp"

#include "core/text.hpp"

namespace cloudsync::auth {

namespace asio = boost::asio;

bearer_authorizer::bearer_authorizer(std::shared_ptr<const cloudsync::clock> clock)
    : cache_(std::move(clock)) {}

void bearer_authorizer::invalidate(const http::request& rejected) noexcept {
    const auto& token = cache_.current();
    if (!token)
        return;
    for (const auto& [name, value] : rejected.headers)
        if (name == "Authorization" && value != "Bearer " + token->reveal())
            return; // refused an older token; the cached one is newer
    cache_.forget();
}

void bearer_authorizer::invalidate() noexcept {
    cache_.forget();
}

asio::awaitable<http::request> bearer_authorizer::authorize(http::request req) {
    const secret value = co_await token();
    std::erase_if(req.headers, [](const auto& header) {
        return iequals(header.first, "authorization");
    });
    req.headers.emplace_back("Authorization", "Bearer " + value.reveal());
    co_return req;
}

asio::awaitable<secret> bearer_authorizer::token() {
    auto self = shared_from_this();
    co_return co_await cache_.get([self] { return fetch_cached(self); },
                                  "token request to " + describe());
}

asio::awaitable<refresh_cache<secret>::fetched>
bearer_authorizer::fetch_cached(std::shared_ptr<bearer_authorizer> self) {
    bearer_token fetched = co_await self->fetch();
    co_return refresh_cache<secret>::fetched{std::move(fetched.value), fetched.lifetime};
}

} // namespace cloudsync::auth
