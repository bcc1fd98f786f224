#include "auth/azure/imds_token.hpp"

#include "auth/azure/token_response.hpp"
#include "auth/error.hpp"
#include "core/json.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <cstdint>
#include <optional>

namespace cloudsync::auth::azure {

namespace {

constexpr std::string_view dot_default = "/.default";

[[noreturn]] void fail(std::string_view endpoint, unsigned status, std::string_view what) {
    throw auth_error("token request to " + std::string(endpoint) + " failed: HTTP " +
                     std::to_string(status) + " " + std::string(what));
}

std::string first_line(std::string_view text) {
    return std::string(text.substr(0, text.find_first_of("\r\n")));
}

// An integer given as a JSON number or as a string of digits; nullopt otherwise.
std::optional<std::int64_t> integer_at(const boost::json::value& doc, std::string_view key) {
    const auto* value = json::find(doc, {key});
    if (value == nullptr)
        return std::nullopt;
    if (value->is_int64())
        return value->get_int64();
    if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(value->get_uint64());
    if (!value->is_string())
        return std::nullopt;
    const auto& text = value->get_string();
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return number;
}

std::int64_t lifetime_of(const boost::json::value& doc, clock::system_time now) {
    if (const auto in = integer_at(doc, "expires_in"); in && *in > 0)
        return *in;
    if (const auto on = integer_at(doc, "expires_on")) {
        const auto now_s =
            std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        return *on - now_s;
    }
    return 0;
}

} // namespace

std::string resource_of_scope(std::string_view scope) {
    if (scope.size() > dot_default.size() &&
        scope.substr(scope.size() - dot_default.size()) == dot_default)
        scope.remove_suffix(dot_default.size());
    return std::string(scope);
}

std::string imds_token_url(std::string_view endpoint, std::string_view resource,
                           std::string_view client_id) {
    std::string url = std::string(endpoint) + "?api-version=" + std::string(imds_api_version) +
                      "&resource=" + form_url_encode(resource);
    if (!client_id.empty())
        url += "&client_id=" + form_url_encode(client_id);
    return url;
}

bearer_token parse_imds_token_response(unsigned status, std::string_view body,
                                       std::string_view endpoint, clock::system_time now) {
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
    const auto seconds = lifetime_of(doc, now);
    if (seconds <= 0)
        fail(endpoint, status, "(no positive expires_in and no future expires_on in response)");
    return bearer_token{secret(std::move(*token)), std::chrono::seconds(seconds)};
}

} // namespace cloudsync::auth::azure
