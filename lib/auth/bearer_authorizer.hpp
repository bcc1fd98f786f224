// The token cache shared by every bearer-token credential (Azure client secret,
// GCP service account ...): a token is cached until shortly before it expires,
// concurrent callers share ONE refresh (single flight), and authorize() adds
// `Authorization: Bearer <token>`. A credential derives from bearer_authorizer and
// implements fetch(), the one network call that obtains a new token.
// What is not here: any wire format of a token endpoint.
#pragma once

#include "auth/authorizer.hpp"
#include "auth/refresh_cache.hpp"
#include "core/clock.hpp"
#include "core/secret.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace cloudsync::auth {

// What a token endpoint returned.
struct bearer_token {
    secret value;
    std::chrono::seconds lifetime{0}; // expires_in as the endpoint said (clamped when planned)
};

// Thread safety: one executor (see authorizer). Lifetime: must be owned by a
// std::shared_ptr (a refresh runs detached and keeps the object alive).
// Caching, single flight, cancellation and failure: as refresh_cache.hpp says.
class bearer_authorizer : public authorizer,
                          public std::enable_shared_from_this<bearer_authorizer> {
public:
    boost::asio::awaitable<http::request> authorize(http::request req) override;
    void invalidate() noexcept override;
    // Forgets the token only when `rejected` carried the one cached now: a token
    // fetched after that request was sent is kept.
    void invalidate(const http::request& rejected) noexcept override;

    // The current token, fetching one if needed (exposed for tests and for
    // callers that must put the token elsewhere than a header).
    boost::asio::awaitable<secret> token();

    // Number of fetch() calls started so far (tests, diagnostics).
    std::uint64_t fetch_count() const noexcept { return cache_.fetch_count(); }

protected:
    explicit bearer_authorizer(std::shared_ptr<const cloudsync::clock> clock);

    // Obtains a new token. Throws auth_error (message without secrets); any other
    // exception is wrapped into an auth_error naming describe().
    virtual boost::asio::awaitable<bearer_token> fetch() = 0;
    // The endpoint, for error messages (no query, no secret).
    virtual std::string describe() const = 0;

private:
    static boost::asio::awaitable<refresh_cache<secret>::fetched>
    fetch_cached(std::shared_ptr<bearer_authorizer> self);

    refresh_cache<secret> cache_;
};

} // namespace cloudsync::auth
