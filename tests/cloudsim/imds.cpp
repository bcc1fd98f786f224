#include "cloudsim/imds.hpp"

#include "cloudsim/detail/json_out.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <variant>

namespace cloudsync::cloudsim {

namespace {

namespace http = boost::beast::http;
using detail::append_member;

reply imds_error(unsigned status, std::string_view error, std::string_view description) {
    std::string body = "{";
    append_member(body, "error", error);
    append_member(body, "error_description", description, false);
    body += '}';
    return json_reply(status, std::move(body));
}

std::optional<std::string> query_param(boost::urls::url_view url, std::string_view key) {
    const auto params = url.params();
    const auto it = params.find(key);
    if (it == params.end()) return std::nullopt;
    return (*it).value;
}

std::string trimmed(std::string text) {
    while (!text.empty() && text.back() == '/') text.pop_back();
    return text;
}

// The client id the token is for, or the IMDS error.
std::variant<std::string, reply> identity(const imds_config& config, boost::urls::url_view url) {
    const auto client_id = query_param(url, "client_id");
    if (!client_id) {
        if (!config.system_assigned) return imds_error(400, "invalid_request", "Identity not found");
        return config.system_client_id;
    }
    if (std::find(config.user_assigned.begin(), config.user_assigned.end(), *client_id) ==
        config.user_assigned.end()) {
        return imds_error(400, "invalid_request", "Identity not found");
    }
    return *client_id;
}

std::optional<reply> check_request(const imds_config& config, const http_request& request,
                                   boost::urls::url_view url) {
    if (request.method() != http::verb::get) {
        return imds_error(405, "invalid_request", "The HTTP method is not supported; use GET");
    }
    if (request["Metadata"] != "true") {
        return imds_error(400, "invalid_request", "Required metadata header not specified");
    }
    if (!query_param(url, "api-version")) {
        return imds_error(400, "invalid_request", "Required query variable 'api-version' is missing");
    }
    const auto resource = query_param(url, "resource");
    if (!resource || resource->empty()) {
        return imds_error(400, "invalid_request", "Required query variable 'resource' is missing");
    }
    if (std::find(config.resources.begin(), config.resources.end(), trimmed(*resource)) == config.resources.end()) {
        return imds_error(400, "invalid_resource",
                          "AADSTS500011: The resource principal named " + *resource +
                              " was not found in the tenant. This can happen if the application has not been "
                              "installed by the administrator of the tenant or consented to by any user in the tenant.");
    }
    return std::nullopt;
}

} // namespace

bool is_imds_token_path(boost::urls::url_view url) {
    return url.path() == "/metadata/identity/oauth2/token";
}

reply handle_imds_token(const imds_config& config, token_store& tokens, stats& counters,
                        const http_request& request, boost::urls::url_view url) {
    auto denied = check_request(config, request, url);
    auto who = identity(config, url);
    if (!denied && std::holds_alternative<reply>(who)) denied = std::get<reply>(std::move(who));
    if (denied) {
        counters.token_failure();
        return std::move(*denied);
    }
    const std::string client_id = std::get<std::string>(who);
    const std::string token = tokens.issue(config.lifetime, client_id);
    counters.token_issued();
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string lifetime = std::to_string(config.lifetime.count());
    std::string body = "{";
    append_member(body, "access_token", token);
    append_member(body, "client_id", client_id);
    append_member(body, "expires_in", lifetime);
    append_member(body, "expires_on", std::to_string(now + config.lifetime.count()));
    append_member(body, "ext_expires_in", lifetime);
    append_member(body, "not_before", std::to_string(now));
    append_member(body, "resource", *query_param(url, "resource"));
    append_member(body, "token_type", "Bearer", false);
    body += '}';
    return json_reply(200, std::move(body));
}

} // namespace cloudsync::cloudsim
