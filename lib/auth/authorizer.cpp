#include "auth/authorizer.hpp"

namespace cloudsync::auth {

boost::asio::awaitable<http::response> send(std::shared_ptr<http::client> client,
                                            std::shared_ptr<authorizer> credentials,
                                            http::request req) {
    http::request second = req; // kept unauthorized: authorize() may replace headers
    http::response first = co_await client->send(co_await credentials->authorize(std::move(req)));
    if (first.status != 401)
        co_return first;
    // A 401 means the token was revoked or expired early (clock skew, key
    // rotation): one fresh token is worth one more try; a second 401 is the answer.
    credentials->invalidate();
    co_return co_await client->send(co_await credentials->authorize(std::move(second)));
}

} // namespace cloudsync::auth
