// The credentials of an assumed role: STS AssumeRole (with ExternalId, the
// cross-account pattern) called with a base source's keys, the session cached
// and refreshed ahead of its Expiration (refresh_cache.hpp: 5 minutes early for
// the default hour, one STS call for all concurrent waiters, lifetimes clamped).
// What is not here: the STS wire format (sts.hpp).
#pragma once

#include "auth/aws/credentials.hpp"
#include "auth/aws/sts.hpp"
#include "auth/refresh_cache.hpp"
#include "core/clock.hpp"
#include "http/client.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace cloudsync::auth::aws {

struct assume_role_options {
    std::string
        endpoint; // the STS URL, {region} already substituted: https://sts.us-east-1.amazonaws.com
    std::string region; // the signing region of that endpoint
    assume_role_params role;
    std::shared_ptr<const cloudsync::clock> clock; // null: real_clock
};

// Construct with std::make_shared (a refresh runs detached and keeps the
// object alive). Thread safety: one executor, the http::client's. Failure:
// get() throws auth_error with STS's code and message (sts.hpp), or naming the
// failing base source or transport; never a key, token or the external id.
class assume_role final : public credential_source,
                          public std::enable_shared_from_this<assume_role> {
public:
    // Throws auth_error when client or base is null, the endpoint or region is
    // empty, or the role parameters are refused by assume_role_request().
    assume_role(std::shared_ptr<http::client> client, std::shared_ptr<credential_source> base,
                assume_role_options options);

    boost::asio::awaitable<aws_credentials> get() override;
    void invalidate() noexcept override { cache_.forget(); }
    void invalidate(std::string_view access_key_id) noexcept override;

    // AssumeRole calls started so far (tests, diagnostics).
    std::uint64_t fetch_count() const noexcept { return cache_.fetch_count(); }

private:
    static boost::asio::awaitable<refresh_cache<aws_credentials>::fetched>
    fetch(std::shared_ptr<assume_role> self);

    std::shared_ptr<http::client> client_;
    std::shared_ptr<credential_source> base_;
    assume_role_options options_;
    std::shared_ptr<const cloudsync::clock> clock_;
    refresh_cache<aws_credentials> cache_;
};

} // namespace cloudsync::auth::aws
