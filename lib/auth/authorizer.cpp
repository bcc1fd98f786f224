#include "auth/authorizer.hpp"

namespace cloudsync::auth {

boost::asio::awaitable<http::response> send(std::shared_ptr<http::client> client,
                                            std::shared_ptr<authorizer> credentials,
                                            http::request req) {
    http::request second = req; // kept unauthorized: authorize() may replace headers
    // Named intermediates throughout: g++ 12 mishandles temporaries inside nested co_await.
    http::request authorized = co_await credentials->authorize(std::move(req));
    http::response first = co_await client->send(std::move(authorized));
    if (first.status != 401)
        co_return first;
    // A 401 means the token was revoked or expired early (clock skew, key
    // rotation): one fresh token is worth one more try; a second 401 is the answer.
    credentials->invalidate();
    http::request reauthorized = co_await credentials->authorize(std::move(second));
    http::response retried = co_await client->send(std::move(reauthorized));
    co_return retried;
}

} // namespace cloudsync::auth
