#include "auth/authorizer.hpp"

namespace cloudsync::auth {

boost::asio::awaitable<http::response> send(std::shared_ptr<http::client> client,
                                            std::shared_ptr<authorizer> credentials,
                                            http::request req, refusal_test refused) {
    http::request second = req; // kept unauthorized: authorize() may replace headers
    http::request authorized = co_await credentials->authorize(std::move(req));
    http::request sent = authorized; // to tell the credentials which token was refused
    http::response first = co_await client->send(std::move(authorized));
    if (first.status != 401 && !(refused && refused(first)))
        co_return first;
    // A 401 (or what `refused` recognizes) means the token was revoked or
    // expired early (clock skew, key rotation): one fresh token is worth one
    // more try; a second refusal is the answer.
    credentials->invalidate(sent);
    http::request reauthorized = co_await credentials->authorize(std::move(second));
    http::response retried = co_await client->send(std::move(reauthorized));
    co_return retried;
}

} // namespace cloudsync::auth
