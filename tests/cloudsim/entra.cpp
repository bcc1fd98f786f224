#include "cloudsim/entra.hpp"

#include "cloudsim/entra_assertion.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <optional>

namespace cloudsync::cloudsim {

namespace {

namespace http = boost::beast::http;
using detail::append_member;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode_component(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() &&
                   hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::string utc_now(const char* format) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, format, &tm);
    return buffer;
}

std::string request_guid() {
    static std::atomic<std::uint64_t> counter{0};
    const auto n = counter.fetch_add(1);
    const auto t = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    return detail::guid(detail::hash(n, t, 0x7ace), detail::hash(n, t, 0xc0de));
}

std::optional<std::string> form_value(const std::vector<std::pair<std::string, std::string>>& form,
                                      std::string_view key) {
    for (const auto& [k, v] : form) {
        if (k == key) return v;
    }
    return std::nullopt;
}

std::string random_token() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string token = "cloudsim.";
    for (const unsigned char b : bytes) {
        token.push_back(hex[b >> 4]);
        token.push_back(hex[b & 0xf]);
    }
    return token;
}

std::optional<reply> check_scope(const token_endpoint_config& config, const std::string& scope) {
    if (std::find(config.accepted_scopes.begin(), config.accepted_scopes.end(), scope) ==
        config.accepted_scopes.end()) {
        return token_error(400, "invalid_scope", 70011,
                           "The provided value for the input parameter 'scope' is not valid. The "
                           "scope " + scope + " is not valid.");
    }
    return std::nullopt;
}

std::optional<reply> check_secret(const token_endpoint_config& config, std::string_view tenant,
                                  const std::string& client_id, const std::optional<std::string>& secret) {
    const auto client = std::find_if(config.clients.begin(), config.clients.end(), [&](const client_credential& c) {
        return c.tenant_id == tenant && c.client_id == client_id;
    });
    if (!secret) {
        return token_error(401, "invalid_client", 7000218,
                           "The request body must contain the following parameter: "
                           "'client_assertion' or 'client_secret'.");
    }
    if (client == config.clients.end() || *secret != client->client_secret) {
        return token_error(401, "invalid_client", 7000215,
                           "Invalid client secret provided. Ensure the secret being sent in the "
                           "request is the client secret value, not the client secret ID, for a "
                           "secret added to app '" + client_id + "'.");
    }
    return std::nullopt;
}

// Checks the form against the registered clients; the error reply, or nullopt when valid.
std::optional<reply> validate(const token_endpoint_config& config,
                              const std::vector<std::pair<std::string, std::string>>& form,
                              std::string_view tenant) {
    for (const char* required : {"grant_type", "client_id", "scope"}) {
        if (!form_value(form, required)) {
            return token_error(400, "invalid_request", 900144,
                               "The request body must contain the following parameter: '" +
                                   std::string(required) + "'.");
        }
    }
    const auto in_tenant = [&](const auto& c) { return c.tenant_id == tenant; };
    if (std::none_of(config.clients.begin(), config.clients.end(), in_tenant) &&
        std::none_of(config.certificates.begin(), config.certificates.end(), in_tenant)) {
        return token_error(400, "invalid_tenant", 90002,
                           "Tenant '" + std::string(tenant) + "' not found. Check to make sure you have "
                           "the correct tenant ID and are signing into the correct cloud.");
    }
    if (*form_value(form, "grant_type") != "client_credentials") {
        return token_error(400, "unsupported_grant_type", 70003,
                           "The app requested an unsupported grant type '" +
                               *form_value(form, "grant_type") + "'.");
    }
    const std::string client_id = *form_value(form, "client_id");
    const auto same = [&](const auto& c) { return c.tenant_id == tenant && c.client_id == client_id; };
    if (std::none_of(config.clients.begin(), config.clients.end(), same) &&
        std::none_of(config.certificates.begin(), config.certificates.end(), same)) {
        return token_error(400, "unauthorized_client", 700016,
                           "Application with identifier '" + client_id +
                               "' was not found in the directory '" + std::string(tenant) +
                               "'. This can happen if the application has not been installed by the "
                               "administrator of the tenant or consented to by any user in the tenant.");
    }
    const auto assertion = form_value(form, "client_assertion");
    auto denied = assertion ? check_client_assertion(config, tenant, client_id,
                                                     form_value(form, "client_assertion_type"), *assertion)
                            : check_secret(config, tenant, client_id, form_value(form, "client_secret"));
    if (denied) return denied;
    return check_scope(config, *form_value(form, "scope"));
}

} // namespace

reply token_error(unsigned status, std::string_view error, unsigned code, std::string_view message) {
    const std::string trace = request_guid();
    const std::string correlation = request_guid();
    const std::string timestamp = utc_now("%Y-%m-%d %H:%M:%SZ");
    std::string body = "{";
    append_member(body, "error", error);
    append_member(body, "error_description",
                  "AADSTS" + std::to_string(code) + ": " + std::string(message) + "\r\nTrace ID: " +
                      trace + "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + timestamp);
    body += "\"error_codes\":[" + std::to_string(code) + "],";
    append_member(body, "timestamp", timestamp);
    append_member(body, "trace_id", trace);
    append_member(body, "correlation_id", correlation, false);
    body += '}';
    reply r = json_reply(status, std::move(body));
    r.headers.emplace_back("Cache-Control", "no-store, no-cache");
    r.headers.emplace_back("x-ms-request-id", trace);
    return r;
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        out.emplace_back(decode_component(pair.substr(0, eq)),
                         eq == std::string_view::npos ? std::string{} : decode_component(pair.substr(eq + 1)));
    }
    return out;
}

std::string token_store::issue(std::chrono::seconds lifetime, std::string principal) {
    std::string token = random_token();
    const auto now = std::chrono::steady_clock::now();
    const std::lock_guard lock(mutex_);
    if (tokens_.size() > 100000) { // bound memory for long benchmark runs
        std::erase_if(tokens_, [&](const auto& item) { return item.second.expiry <= now; });
    }
    tokens_[token] = entry{now + lifetime, std::move(principal)};
    return token;
}

token_check token_store::check(std::string_view token) const {
    const std::lock_guard lock(mutex_);
    const auto it = tokens_.find(std::string(token));
    if (it == tokens_.end()) return token_check::unknown;
    return it->second.expiry <= std::chrono::steady_clock::now() ? token_check::expired : token_check::valid;
}

std::string token_store::principal(std::string_view token) const {
    const std::lock_guard lock(mutex_);
    const auto it = tokens_.find(std::string(token));
    return it == tokens_.end() ? std::string{} : it->second.principal;
}

void token_store::expire_all() {
    const auto past = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    const std::lock_guard lock(mutex_);
    for (auto& item : tokens_) item.second.expiry = std::min(item.second.expiry, past);
}

std::size_t token_store::size() const {
    const std::lock_guard lock(mutex_);
    return tokens_.size();
}

reply handle_token_request(const token_endpoint_config& config, token_store& tokens,
                           stats& counters, const http_request& request, std::string_view tenant) {
    if (request.method() != http::verb::post) {
        counters.token_failure();
        reply r = token_error(405, "invalid_request", 900561,
                              "The endpoint only accepts POST, OPTIONS requests. Received a " +
                                  std::string(request.method_string()) + " request.");
        return r;
    }
    // Entra reads the body only as a form; anything else is as good as empty.
    const auto type = request[http::field::content_type];
    const bool is_form = type.substr(0, 33) == "application/x-www-form-urlencoded";
    const auto form = is_form ? parse_form(request.body()) : decltype(parse_form("")){};
    if (auto error = validate(config, form, tenant)) {
        counters.token_failure();
        return std::move(*error);
    }
    const std::string token = tokens.issue(config.lifetime, *form_value(form, "client_id"));
    counters.token_issued();
    std::string body = "{";
    append_member(body, "token_type", "Bearer");
    body += "\"expires_in\":" + std::to_string(config.lifetime.count()) + ",";
    append_member(body, "access_token", token, false);
    body += '}';
    reply r = json_reply(200, std::move(body));
    r.headers.emplace_back("Cache-Control", "no-store, no-cache");
    return r;
}

} // namespace cloudsync::cloudsim
