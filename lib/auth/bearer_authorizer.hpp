// The token cache shared by every bearer-token credential (Azure client secret,
// GCP service account ...): a token is cached until shortly before it expires,
// concurrent callers share ONE refresh (single flight), and authorize() adds
// `Authorization: Bearer <token>`. A credential derives from bearer_authorizer and
// implements fetch(), the one network call that obtains a new token.
// What is not here: any wire format of a token endpoint.
#pragma once

#include "auth/authorizer.hpp"
#include "core/clock.hpp"
#include "core/secret.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>

namespace cloudsync::auth {

// What a token endpoint returned.
struct bearer_token {
    secret value;
    std::chrono::seconds lifetime{0}; // expires_in as the endpoint said (clamped when planned)
};

// The lifetimes a token's schedule is planned with. An endpoint's expires_in is
// clamped into [min, max] first: below a minute, every request would refetch a
// token (a refresh storm on the identity provider; a token that really dies
// sooner costs one 401 and one refetch, see auth::send); above a day the value
// is bogus (milliseconds taken for seconds, an expires_on read as expires_in) and
// would, near INT64_MAX, overflow the time arithmetic. No cloud issues tokens
// outside that range (Entra ID 1 h to 24 h, IMDS up to 24 h, Google 1 h).
inline constexpr std::chrono::seconds min_token_lifetime{60};
inline constexpr std::chrono::seconds max_token_lifetime{24 * 3600};
std::chrono::seconds clamp_token_lifetime(std::chrono::seconds lifetime) noexcept;

// When a token obtained at `obtained` with `lifetime` (clamped as above) must be
// refreshed. The margin is the smaller of 5 minutes and 10% of the lifetime, so
// long-lived tokens are renewed 5 minutes early and short-lived ones still get
// most of their life.
struct token_times {
    clock::steady_time refresh_at;
    clock::steady_time expires_at;
};
token_times plan_refresh(clock::steady_time obtained, std::chrono::seconds lifetime) noexcept;

// Thread safety: one executor (see authorizer). Lifetime: must be owned by a
// std::shared_ptr (a refresh runs detached and keeps the object alive).
// A refresh runs on its own, not inside any caller, so cancelling one caller
// neither cancels the refresh nor fails the other waiters. A failed refresh fails
// every waiter with the same auth_error; the next call starts a new refresh.
// Between refresh_at and expires_at callers keep getting the old token while the
// refresh runs.
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
    std::uint64_t fetch_count() const noexcept { return fetches_; }

protected:
    explicit bearer_authorizer(std::shared_ptr<const cloudsync::clock> clock);

    // Obtains a new token. Throws auth_error (message without secrets); any other
    // exception is wrapped into an auth_error naming describe().
    virtual boost::asio::awaitable<bearer_token> fetch() = 0;
    // The endpoint, for error messages (no query, no secret).
    virtual std::string describe() const = 0;

private:
    struct flight;
    static boost::asio::awaitable<void> refresh(std::shared_ptr<bearer_authorizer> self,
                                                std::shared_ptr<flight> pending);

    std::shared_ptr<const cloudsync::clock> clock_;
    std::optional<secret> token_;
    token_times times_{};
    std::shared_ptr<flight> flight_;
    std::uint64_t fetches_ = 0;
};

} // namespace cloudsync::auth
