// AWS credentials as values and the interface that supplies them: static keys,
// an STS AssumeRole session or an EC2 instance profile all hand out the same
// aws_credentials, and every sigv4_authorizer of an account shares one source.
// What is not here: how a request is signed (sigv4.hpp) and the sources
// themselves that fetch (assume_role.hpp, instance_profile.hpp).
#pragma once

#include "core/clock.hpp"
#include "core/secret.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::auth::aws {

struct aws_credentials {
    std::string access_key_id; // not a secret: it names the key (it appears in the signature)
    secret secret_access_key;
    secret session_token;                     // empty for long-term keys
    std::optional<clock::system_time> expiry; // as the issuer said; none for long-term keys
};

// Thread safety: used from one executor; any number of coroutines on it may call
// get() concurrently (a source that fetches shares one fetch among them).
// Failure: get() throws auth_error (message without secrets) when no credentials
// could be obtained, and boost::system::system_error(operation_aborted) when the
// caller is cancelled.
class credential_source {
public:
    virtual ~credential_source() = default;
    // Credentials valid for at least a few more minutes.
    virtual boost::asio::awaitable<aws_credentials> get() = 0;
    // Forgets cached credentials (the server refused them); the next get() fetches.
    virtual void invalidate() noexcept = 0;
    // The server refused a request signed with `access_key_id`. The default
    // forgets; a source that refreshes keeps credentials obtained since, so the
    // requests of many authorizers refused together cause one fetch.
    virtual void invalidate(std::string_view access_key_id) noexcept {
        (void)access_key_id;
        invalidate();
    }
};

// Long-term keys (an IAM user's), optionally with a session token, as configured.
// get() never fails and never changes; invalidate() has nothing to forget.
class static_credentials final : public credential_source {
public:
    // Throws auth_error when the key id or the secret is empty.
    explicit static_credentials(aws_credentials credentials);
    boost::asio::awaitable<aws_credentials> get() override;
    void invalidate() noexcept override {}

private:
    aws_credentials credentials_;
};

} // namespace cloudsync::auth::aws
