#include "cloudsim/google_oauth.hpp"

#include "cloudsim/error.hpp"
#include "cloudsim/google_assertion.hpp"

#include "cloudsim/detail/json_out.hpp"

#include <boost/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace cloudsync::cloudsim {

namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using detail::append_member;
using form_fields = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view jwt_bearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

std::optional<std::string> form_value(const form_fields& form, std::string_view key) {
    for (const auto& [k, v] : form)
        if (k == key) return v;
    return std::nullopt;
}

std::string required_string(const json::object& o, std::string_view key, std::string_view what) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string() || v->as_string().empty())
        throw cloudsim_error(std::string(what) + ": " + std::string(key) + " is missing");
    return std::string(v->as_string());
}

json::object file_object(const std::string& text, std::string_view type) {
    boost::system::error_code ec;
    auto doc = json::parse(text, ec);
    if (ec || !doc.is_object()) throw cloudsim_error("not a google credentials JSON file");
    if (required_string(doc.as_object(), "type", "credentials file") != type)
        throw cloudsim_error("not a google " + std::string(type) + " file");
    return std::move(doc.as_object());
}

std::string public_key_of(const std::string& private_pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> in(
        BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size())), BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        in ? PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
    if (!key || !out || PEM_write_bio_PUBKEY(out.get(), key.get()) != 1)
        throw cloudsim_error("service account key file: private_key is not a PEM private key");
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

reply token_answer(const google_token_config& config, token_store& tokens, stats& counters,
                   const std::string& principal) {
    const std::string token = tokens.issue(config.lifetime, principal);
    counters.token_issued();
    std::string body = "{";
    append_member(body, "access_token", token);
    body += "\"expires_in\":" + std::to_string(config.lifetime.count()) + ",";
    append_member(body, "token_type", "Bearer", false);
    body += '}';
    reply r = json_reply(200, std::move(body));
    r.headers.emplace_back("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
    return r;
}

std::variant<std::string, reply> jwt_bearer_grant(const google_token_config& config, const form_fields& form) {
    const auto assertion = form_value(form, "assertion");
    if (!assertion || assertion->empty())
        return google_token_error(400, "invalid_request", "Missing required parameter: assertion");
    auto checked = check_google_assertion(config, *assertion);
    if (auto* refused = std::get_if<reply>(&checked)) return std::move(*refused);
    return std::get<google_assertion>(checked).client_email;
}

std::variant<std::string, reply> refresh_grant(const google_token_config& config, const form_fields& form) {
    const auto client_id = form_value(form, "client_id").value_or("");
    const auto refresh_token = form_value(form, "refresh_token");
    if (client_id.empty()) return google_token_error(400, "invalid_request", "Missing required parameter: client_id");
    if (!refresh_token) return google_token_error(400, "invalid_request", "Missing required parameter: refresh_token");
    const auto user = std::find_if(config.users.begin(), config.users.end(),
                                   [&](const google_user& u) { return u.client_id == client_id; });
    if (user == config.users.end()) return google_token_error(401, "invalid_client", "The OAuth client was not found.");
    if (form_value(form, "client_secret") != user->client_secret)
        return google_token_error(401, "invalid_client", "Unauthorized");
    if (*refresh_token != user->refresh_token)
        return google_token_error(400, "invalid_grant", "Token has been expired or revoked.");
    if (const auto scope = form_value(form, "scope")) {
        if (auto bad = check_google_scope(config, *scope)) return std::move(*bad);
    }
    return client_id;
}

} // namespace

bool is_google_token_path(boost::urls::url_view url) { return url.path() == "/token"; }

reply google_token_error(unsigned status, std::string_view error, std::string_view description) {
    std::string body = "{";
    append_member(body, "error", error);
    append_member(body, "error_description", description, false);
    body += '}';
    return json_reply(status, std::move(body));
}

reply handle_google_token(const google_token_config& config, token_store& tokens, stats& counters,
                          const http_request& request) {
    std::variant<std::string, reply> outcome = std::string{};
    const bool is_form = request[http::field::content_type].starts_with("application/x-www-form-urlencoded");
    const auto form = is_form ? parse_form(request.body()) : form_fields{};
    const auto grant = form_value(form, "grant_type");
    if (request.method() != http::verb::post) {
        outcome = google_token_error(405, "invalid_request", "The token endpoint only accepts POST.");
    } else if (!grant) {
        outcome = google_token_error(400, "unsupported_grant_type", "Invalid grant_type: ");
    } else if (*grant == jwt_bearer) {
        outcome = jwt_bearer_grant(config, form);
    } else if (*grant == "refresh_token") {
        outcome = refresh_grant(config, form);
    } else {
        outcome = google_token_error(400, "unsupported_grant_type", "Invalid grant_type: " + *grant);
    }
    if (auto* refused = std::get_if<reply>(&outcome)) {
        counters.token_failure();
        return std::move(*refused);
    }
    return token_answer(config, tokens, counters, std::get<std::string>(outcome));
}

google_service_account google_service_account_from_key_file(const std::string& text) {
    const auto o = file_object(text, "service_account");
    constexpr std::string_view what = "service account key file";
    return google_service_account{required_string(o, "client_email", what),
                                  required_string(o, "private_key_id", what),
                                  public_key_of(required_string(o, "private_key", what))};
}

google_user google_user_from_file(const std::string& text) {
    const auto o = file_object(text, "authorized_user");
    constexpr std::string_view what = "authorized_user file";
    return google_user{required_string(o, "client_id", what), required_string(o, "client_secret", what),
                       required_string(o, "refresh_token", what)};
}

} // namespace cloudsync::cloudsim
