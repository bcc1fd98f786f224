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
    return parse_bearer_answer(
        status, body, endpoint, [now](const boost::json::value& doc) { return lifetime_of(doc, now); },
        "(no positive expires_in and no future expires_on in response)");
}

} // namespace cloudsync::auth::azure
