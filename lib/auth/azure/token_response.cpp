#include "auth/azure/token_response.hpp"

#include "auth/error.hpp"
#include "core/json.hpp"

#include <boost/json/parse.hpp>

#include <charconv>

namespace cloudsync::auth::azure {

namespace {

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

std::string first_line(std::string_view text) {
    const auto end = text.find_first_of("\r\n");
    return std::string(text.substr(0, end));
}

// expires_in is a JSON number in v2.0 and a numeric string in some older endpoints.
std::int64_t expires_in_of(const boost::json::value& doc) {
    const auto* value = json::find(doc, {"expires_in"});
    if (value == nullptr)
        return 0;
    if (value->is_int64())
        return value->get_int64();
    if (value->is_uint64())
        return static_cast<std::int64_t>(value->get_uint64());
    if (value->is_double())
        return static_cast<std::int64_t>(value->get_double());
    if (value->is_string()) {
        const auto& text = value->get_string();
        std::int64_t seconds = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
        if (ec == std::errc() && ptr == text.data() + text.size())
            return seconds;
    }
    return 0;
}

[[noreturn]] void fail(std::string_view endpoint, unsigned status, std::string_view what) {
    throw auth_error("token request to " + std::string(endpoint) + " failed: HTTP " +
                     std::to_string(status) + " " + std::string(what));
}

} // namespace

std::string form_url_encode(std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size() * 3);
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c)) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    return out;
}

std::string client_credentials_form(std::string_view client_id, std::string_view scope,
                                    const secret& client_secret) {
    return "client_id=" + form_url_encode(client_id) + "&scope=" + form_url_encode(scope) +
           "&client_secret=" + form_url_encode(client_secret.reveal()) +
           "&grant_type=client_credentials";
}

bearer_token parse_token_response(unsigned status, std::string_view body,
                                  std::string_view endpoint) {
    return parse_bearer_answer(status, body, endpoint, expires_in_of,
                               "(no positive expires_in in response)");
}

bearer_token parse_bearer_answer(unsigned status, std::string_view body, std::string_view endpoint,
                                 const std::function<std::int64_t(const boost::json::value&)>&
                                     lifetime_seconds,
                                 std::string_view missing_lifetime) {
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(body, ec);
    if (ec || !doc.is_object())
        fail(endpoint, status, "(response is not a JSON object)");
    if (status != 200 || json::find(doc, {"error"}) != nullptr) {
        const auto code = json::string_at(doc, {"error"}).value_or("unknown_error");
        const auto description = json::string_or_empty(doc, {"error_description"});
        fail(endpoint, status, description.empty() ? code : code + ": " + first_line(description));
    }
    auto token = json::string_at(doc, {"access_token"});
    if (!token || token->empty())
        fail(endpoint, status, "(no access_token in response)");
    const auto type = json::string_or_empty(doc, {"token_type"});
    if (!type.empty() && type != "Bearer" && type != "bearer")
        fail(endpoint, status, "(unsupported token_type " + type + ")");
    const auto seconds = lifetime_seconds(doc);
    if (seconds <= 0)
        fail(endpoint, status, missing_lifetime);
    return bearer_token{secret(std::move(*token)), std::chrono::seconds(seconds)};
}

} // namespace cloudsync::auth::azure
