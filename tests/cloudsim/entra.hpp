// The Microsoft Entra ID v2.0 token endpoint, client-credentials grant only:
// POST /{tenant}/oauth2/v2.0/token with a form body, authenticated by a client
// secret or by a certificate's JWT client assertion (entra_assertion.hpp).
// Issues random opaque bearer tokens and remembers them with their expiry and
// principal so ARM can check them. Errors use the official shape
// (identity.token.clientCredentials.error.json).
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

// A certificate credential: the client authenticates with a JWT assertion
// signed by the certificate's private key (which the sim never sees).
struct client_certificate {
    std::string tenant_id;
    std::string client_id;
    std::string certificate_pem; // "-----BEGIN CERTIFICATE-----..." (public part only)
};

enum class token_check { valid, unknown, expired };

// Thread-safe store of issued tokens.
class token_store {
public:
    // principal: who the token was issued to (client id), named in 403 messages.
    std::string issue(std::chrono::seconds lifetime, std::string principal = {});
    token_check check(std::string_view token) const;
    std::string principal(std::string_view token) const; // "" when unknown
    void expire_all(); // every token issued so far now reads as expired
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    struct entry {
        std::chrono::steady_clock::time_point expiry;
        std::string principal;
    };
    std::unordered_map<std::string, entry> tokens_;
};

struct token_endpoint_config {
    std::string base_url; // assertions must name base_url + "/{tenant}/oauth2/v2.0/token" as aud
    std::vector<client_credential> clients;
    std::vector<client_certificate> certificates;
    std::vector<std::string> accepted_scopes; // e.g. "<base_url>/.default"
    std::chrono::seconds lifetime{3599};
};

// Handles one token request for `tenant` (the first path segment).
reply handle_token_request(const token_endpoint_config& config, token_store& tokens,
                           stats& counters, const http_request& request, std::string_view tenant);

// The official token error: error, error_description ("AADSTS<code>: <message>"
// plus trace/correlation/timestamp lines), error_codes, timestamp, trace_id, correlation_id.
reply token_error(unsigned status, std::string_view error, unsigned code, std::string_view message);

// Decodes an application/x-www-form-urlencoded body ('+' is a space).
// Malformed escapes are kept literally rather than rejected.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

} // namespace cloudsync::cloudsim
