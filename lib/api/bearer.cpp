#include "api/bearer.hpp"

#include "core/text.hpp"

#include "core/error.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cctype>

namespace cloudsync::api {
namespace {

using digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

digest sha256(std::string_view text) noexcept {
    digest out{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
    return out;
}

// The token of "Bearer <token>" (RFC 6750 2.1), or nullopt for anything else.
std::optional<std::string_view> bearer_token(std::string_view header) noexcept {
    constexpr std::string_view scheme = "bearer";
    if (header.size() <= scheme.size() || !iequals(header.substr(0, scheme.size()), scheme) ||
        header[scheme.size()] != ' ')
        return std::nullopt;
    auto token = header.substr(scheme.size() + 1);
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ')
        token.remove_suffix(1);
    if (token.empty() || token.find(' ') != std::string_view::npos)
        return std::nullopt;
    return token;
}

} // namespace

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    const auto da = sha256(a);
    const auto db = sha256(b);
    return CRYPTO_memcmp(da.data(), db.data(), da.size()) == 0;
}

bearer_auth::bearer_auth(const std::optional<secret>& token) {
    if (!token)
        return;
    if (token->empty())
        throw error("api token is empty");
    configured_ = true;
    digest_ = sha256(token->reveal());
}

auth_verdict bearer_auth::check(std::string_view authorization, bool required) const noexcept {
    if (!configured_)
        return required ? auth_verdict::not_configured : auth_verdict::ok;
    const auto token = bearer_token(authorization);
    if (!token)
        return auth_verdict::missing;
    const auto presented = sha256(*token);
    return CRYPTO_memcmp(presented.data(), digest_.data(), digest_.size()) == 0
               ? auth_verdict::ok
               : auth_verdict::invalid;
}

} // namespace cloudsync::api
