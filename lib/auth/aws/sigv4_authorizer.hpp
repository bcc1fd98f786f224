// The authorizer of AWS requests: gets credentials from a shared
// credential_source and signs each request with SigV4 for one service and
// region. One source serves the authorizers of every service and region of an
// account, so an account assumes its role once, whatever it calls.
// What is not here: signing itself (sigv4.hpp), obtaining credentials
// (credentials.hpp and the sources).
#pragma once

#include "auth/authorizer.hpp"
#include "auth/aws/credentials.hpp"
#include "auth/aws/sigv4.hpp"
#include "core/clock.hpp"

#include <memory>

namespace cloudsync::auth::aws {

// Thread safety: one executor, the source's (see authorizer). Failure:
// authorize() throws what the source's get() throws, and auth_error for a URL
// that cannot be signed.
class sigv4_authorizer final : public authorizer {
public:
    // Throws auth_error when source is null or the scope lacks service or region.
    sigv4_authorizer(std::shared_ptr<credential_source> source, sigv4_scope scope,
                     std::shared_ptr<const cloudsync::clock> clock = nullptr);

    // Signs req at the clock's current time.
    boost::asio::awaitable<http::request> authorize(http::request req) override;
    // Forgets the source's credentials.
    void invalidate() noexcept override;
    // Forgets them only if `rejected` was signed with the key the source holds now.
    void invalidate(const http::request& rejected) noexcept override;

    const sigv4_scope& scope() const noexcept { return scope_; }

private:
    std::shared_ptr<credential_source> source_;
    sigv4_scope scope_;
    std::shared_ptr<const cloudsync::clock> clock_;
};

} // namespace cloudsync::auth::aws
