#include "auth/azure/imds_token.hpp"

#include "auth/oauth_token.hpp"

#include <cstdint>

namespace cloudsync::auth::azure {

namespace {

constexpr std::string_view dot_default = "/.default";

std::int64_t lifetime_of(const boost::json::value& doc, clock::system_time now) {
    if (const auto in = integer_member(doc, "expires_in"); in && *in > 0)
        return *in;
    if (const auto on = integer_member(doc, "expires_on")) {
        const auto now_s =
            std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        return *on > now_s ? *on - now_s : 0; // compared first: no overflow on a hostile value
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
    return parse_token_answer(
        status, body, endpoint, [now](const boost::json::value& doc) { return lifetime_of(doc, now); },
        "(no positive expires_in and no future expires_on in response)");
}

} // namespace cloudsync::auth::azure
