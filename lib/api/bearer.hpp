// Bearer-token authentication for the API: parsing the Authorization header
// and comparing the presented token with the configured one in constant time.
// The configured token is kept only as its SHA-256 digest.
#pragma once

#include "core/secret.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace cloudsync::api {

// True when a == b. The time taken does not depend on where they differ nor on
// their lengths: both are hashed (SHA-256) and the digests compared with
// CRYPTO_memcmp.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

enum class auth_verdict {
    ok,            // right token (or none configured, for optional routes)
    missing,       // no/unparseable Authorization header -> 401
    invalid,       // wrong token -> 401
    not_configured // route needs a token but api.token is unset -> 403
};

// Immutable after construction; thread-safe.
class bearer_auth {
public:
    // nullopt: no token configured. Throws cloudsync::error for an empty token.
    explicit bearer_auth(const std::optional<secret>& token);

    bool configured() const noexcept { return configured_; }

    // Checks an Authorization header value ("Bearer <token>", scheme
    // case-insensitive). `required` routes (/sync) refuse when no token is
    // configured; others pass.
    auth_verdict check(std::string_view authorization, bool required) const noexcept;

private:
    bool configured_ = false;
    std::array<unsigned char, 32> digest_{};
};

} // namespace cloudsync::api
