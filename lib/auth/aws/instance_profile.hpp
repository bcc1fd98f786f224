// The credentials of the EC2 instance cloudsyncd runs on: its instance
// profile's role keys from IMDSv2 (imds.hpp), cached and refreshed ahead of
// their Expiration like every expiring credential (refresh_cache.hpp: one
// metadata round for all waiters; EC2 offers new keys at least 5 minutes before
// the old ones expire, which is when the cache asks). No secret is configured.
// What is not here: the metadata wire format (imds.hpp).
#pragma once

#include "auth/aws/credentials.hpp"
#include "auth/aws/imds.hpp"
#include "auth/refresh_cache.hpp"
#include "core/clock.hpp"
#include "http/client.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace cloudsync::auth::aws {

struct instance_profile_options {
    // Scheme and host[:port], no path; see checked_imds_endpoint().
    std::string endpoint = std::string(default_imds_endpoint);
    std::shared_ptr<const cloudsync::clock> clock; // null: real_clock
};

// Construct with std::make_shared (a refresh runs detached and keeps the
// object alive). Thread safety: one executor, the http::client's. Failure:
// get() throws auth_error naming the metadata URL and what went wrong (no role
// attached, IMDSv2 refused, a Code other than Success), never a key or token.
class instance_profile final : public credential_source,
                               public std::enable_shared_from_this<instance_profile> {
public:
    // Throws auth_error when client is null or the endpoint is not acceptable.
    instance_profile(std::shared_ptr<http::client> client, instance_profile_options options);

    boost::asio::awaitable<aws_credentials> get() override;
    void invalidate() noexcept override { cache_.forget(); }
    void invalidate(std::string_view access_key_id) noexcept override;

    const std::string& endpoint() const noexcept { return endpoint_; }
    // Metadata rounds started so far (tests, diagnostics).
    std::uint64_t fetch_count() const noexcept { return cache_.fetch_count(); }

private:
    static boost::asio::awaitable<refresh_cache<aws_credentials>::fetched>
    fetch(std::shared_ptr<instance_profile> self);

    std::shared_ptr<http::client> client_;
    std::string endpoint_;
    std::shared_ptr<const cloudsync::clock> clock_;
    refresh_cache<aws_credentials> cache_;
};

} // namespace cloudsync::auth::aws
