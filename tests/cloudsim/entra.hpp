// The Microsoft Entra ID v2.0 token endpoint, client-credentials grant only:
// POST /{tenant}/oauth2/v2.0/token with a form body. Issues random opaque
// bearer tokens and remembers them with their expiry so ARM can check them.
// Errors use the official shape (identity.token.clientCredentials.error.json).
#pragma once

#include "cloudsim/reply.hpp"
#include "cloudsim/stats.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cloudsync::cloudsim {

struct client_credential {
    std::string tenant_id;
    std::string client_id;
    std::string client_secret;
};

enum class token_check { valid, unknown, expired };

// Thread-safe store of issued tokens.
class token_store {
public:
    std::string issue(std::chrono::seconds lifetime);
    token_check check(std::string_view token) const;
    void expire_all(); // every token issued so far now reads as expired
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> expiry_;
};

struct token_endpoint_config {
    std::vector<client_credential> clients;
    std::vector<std::string> accepted_scopes; // e.g. "<base_url>/.default"
    std::chrono::seconds lifetime{3599};
};

// Handles one token request for `tenant` (the first path segment).
reply handle_token_request(const token_endpoint_config& config, token_store& tokens,
                           stats& counters, const http_request& request, std::string_view tenant);

// Decodes an application/x-www-form-urlencoded body ('+' is a space).
// Malformed escapes are kept literally rather than rejected.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

} // namespace cloudsync::cloudsim
