#include "cloudsim/arm.hpp"

#include "cloudsim/azure_pages.hpp"
#include "cloudsim/estate_pages.hpp"
#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include <array>
#include <atomic>
#include <charconv>
#include <functional>
#include <optional>
#include <regex>
#include <vector>

namespace cloudsync::cloudsim {

namespace {

namespace http = boost::beast::http;
using boost::algorithm::iequals;

struct route_match {
    std::string_view name = "unknown";
    std::vector<std::string> segments;
};

struct list_route {
    std::string_view provider_namespace, type, name;
};

// Subscription-wide lists: /subscriptions/{id}/providers/{namespace}/{type}.
constexpr std::array<list_route, 8> subscription_lists = {{
    {"Microsoft.Compute", "virtualMachines", "virtualMachines"},
    {"Microsoft.Network", "networkInterfaces", "networkInterfaces"},
    {"Microsoft.Network", "publicIPAddresses", "publicIPAddresses"},
    {"Microsoft.Storage", "storageAccounts", "storageAccounts"},
    {"Microsoft.Network", "virtualNetworks", "virtualNetworks"},
    {"Microsoft.ContainerInstance", "containerGroups", "containerGroups"},
    {"Microsoft.Insights", "metricAlerts", "metricAlerts"},
    {"Microsoft.AlertsManagement", "alerts", "alerts"},
}};

std::optional<estate_kind> estate_route(std::string_view name) {
    for (std::size_t k = 0; k < estate_kind_count; ++k) {
        if (estate_kind_name(static_cast<estate_kind>(k)) == name) return static_cast<estate_kind>(k);
    }
    return std::nullopt;
}

route_match match_route(boost::urls::url_view url) {
    route_match m;
    for (auto segment : url.segments()) m.segments.push_back(segment);
    const auto& s = m.segments;
    if (s.empty() || !iequals(s[0], "subscriptions")) return m;
    if (s.size() == 1) m.name = "subscriptions";
    else if (s.size() == 2) m.name = "subscription";
    else if (s.size() == 5 && iequals(s[2], "providers")) {
        for (const auto& [ns, type, name] : subscription_lists) {
            if (iequals(s[3], ns) && iequals(s[4], type)) m.name = name;
        }
    } else if (s.size() == 11 && iequals(s[2], "resourceGroups") && iequals(s[4], "providers") &&
               iequals(s[5], "Microsoft.Storage") && iequals(s[6], "storageAccounts") &&
               iequals(s[8], "blobServices") && iequals(s[9], "default") && iequals(s[10], "containers")) {
        m.name = "blobContainers";
    }
    return m;
}

std::optional<std::string> query_param(boost::urls::url_view url, std::string_view key) {
    const auto params = url.params();
    const auto it = params.find(key, boost::urls::ignore_case);
    if (it == params.end()) return std::nullopt;
    return (*it).value;
}

std::string new_guid() {
    static std::atomic<std::uint64_t> counter{0};
    const auto n = counter.fetch_add(1);
    return detail::guid(detail::hash(n, 0xa7a1), detail::hash(n, 0xa7a2));
}

void add_arm_headers(reply& r) {
    const std::string id = new_guid();
    r.headers.emplace_back("x-ms-request-id", id);
    r.headers.emplace_back("x-ms-correlation-request-id", id);
}

reply unauthorized(const arm_config& config, stats& counters, std::string_view code,
                   std::string_view message) {
    counters.auth_failure();
    reply r = arm_error(401, code, message);
    r.headers.emplace_back("WWW-Authenticate",
                           "Bearer authorization_uri=\"" + config.base_url + "/" + config.tenant_id +
                               "\", error=\"invalid_token\", error_description=\"" +
                               std::string(message) + "\"");
    add_arm_headers(r);
    return r;
}

} // namespace

std::optional<reply> check_bearer(const arm_config& config, const token_store& tokens,
                                  stats& counters, const http_request& request) {
    const auto header = request[http::field::authorization];
    if (header.empty()) {
        return unauthorized(config, counters, "AuthenticationFailed",
                            "Authentication failed. The 'Authorization' header is missing.");
    }
    if (header.size() <= 7 || !iequals(header.substr(0, 7), "Bearer ")) {
        return unauthorized(config, counters, "AuthenticationFailed",
                            "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    }
    switch (tokens.check(header.substr(7))) {
    case token_check::valid: return std::nullopt;
    case token_check::expired:
        return unauthorized(config, counters, "ExpiredAuthenticationToken",
                            "The access token expiry UTC time is earlier than current UTC time.");
    case token_check::unknown: break;
    }
    return unauthorized(config, counters, "InvalidAuthenticationToken", "The access token is invalid.");
}

namespace {

std::optional<reply> check_api_version(const std::optional<std::string>& version) {
    if (!version || version->empty()) {
        return arm_error(400, "MissingApiVersionParameter",
                         "The api-version query parameter (?api-version=) is required for all requests.");
    }
    static const std::regex form(R"(\d{4}-\d{2}-\d{2}(-preview|-beta|-alpha)?)");
    if (!std::regex_match(*version, form)) {
        return arm_error(400, "InvalidApiVersionParameter",
                         "The api-version '" + *version + "' is invalid. The supported versions are "
                         "dates of the form 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.");
    }
    return std::nullopt;
}

// The start index from $skiptoken (absent = 0); nullopt when malformed.
std::optional<std::uint64_t> skip_index(boost::urls::url_view url) {
    const auto token = query_param(url, "$skiptoken");
    if (!token) return std::uint64_t{0};
    std::uint64_t value = 0;
    const auto* end = token->data() + token->size();
    const auto result = std::from_chars(token->data(), end, value);
    if (token->empty() || result.ec != std::errc{} || result.ptr != end) return std::nullopt;
    return value;
}

reply blob_containers_reply(const arm_config& config, const inventory& inv, const route_match& route,
                            std::uint32_t s, std::uint64_t start, const std::string& prefix) {
    const std::string& group = route.segments[3];
    const std::string& name = route.segments[7];
    const auto index = storage_account_index(name, s);
    const auto account = index ? inv.item(estate_kind::storage_account, s, *index) : std::nullopt;
    if (!account || !iequals(estate_resource_group(*account), group)) {
        return arm_error(404, "ResourceNotFound", "The Resource 'Microsoft.Storage/storageAccounts/" + name +
                                                      "' under resource group '" + group + "' was not found. "
                                                      "For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }
    return json_reply(200, render_blob_containers_page(inv, *account, start, config.page_size,
                                                       prefix + "&%24skiptoken="));
}

reply list_reply(const arm_config& config, const inventory& inv, const route_match& route,
                 boost::urls::url_view url, const std::string& api_version) {
    const auto start = skip_index(url);
    if (!start) return arm_error(400, "InvalidSkipToken", "The $skiptoken value is malformed.");
    std::string prefix = config.base_url + std::string(url.encoded_path()) + "?api-version=" + api_version;
    if (route.name == "subscriptions") {
        return json_reply(200, render_subscriptions_page(inv, *start, config.subscription_page_size,
                                                         prefix + "&%24skiptoken="));
    }
    const auto s = inv.find_subscription(route.segments[1]);
    if (!s) {
        return arm_error(404, "SubscriptionNotFound",
                         "The subscription '" + route.segments[1] + "' could not be found.");
    }
    if (route.name == "subscription") {
        std::string body;
        render_subscription(body, inv, *s);
        return json_reply(200, std::move(body));
    }
    if (const auto kind = estate_route(route.name)) {
        return json_reply(200, render_estate_page(inv, *kind, *s, *start, config.page_size,
                                                  prefix + "&%24skiptoken="));
    }
    if (route.name == "blobContainers") return blob_containers_reply(config, inv, route, *s, *start, prefix);
    bool status_only = false;
    if (const auto flag = query_param(url, "statusOnly")) {
        if (!iequals(*flag, "true") && !iequals(*flag, "false")) {
            return arm_error(400, "InvalidParameter", "The value of parameter statusOnly is invalid.");
        }
        status_only = route.name == "virtualMachines" && iequals(*flag, "true");
    }
    if (status_only) prefix += "&statusOnly=true";
    const arm_list list = route.name == "virtualMachines"     ? arm_list::virtual_machines
                          : route.name == "networkInterfaces" ? arm_list::network_interfaces
                                                              : arm_list::public_ip_addresses;
    return json_reply(200, render_list_page(inv, list, *s, *start, config.page_size, status_only,
                                            prefix + "&%24skiptoken="));
}

} // namespace

std::string_view arm_route(boost::urls::url_view url) { return match_route(url).name; }

namespace {

// The read bucket decision for a request under /subscriptions/{id}/ of a known
// subscription; nullopt when the limit is off or the request is not one.
std::optional<rate_decision> take_read(const arm_config& config, const inventory& inv,
                                       const route_match& route) {
    if (config.reads == nullptr || route.segments.size() < 2 || !config.reads->enabled()) return std::nullopt;
    const auto s = inv.find_subscription(route.segments[1]);
    if (!s) return std::nullopt;
    return config.reads->take(*s, rate_limiter::clock::now());
}

reply answer_arm_request(const arm_config& config, const inventory& inv, const http_request& request,
                         boost::urls::url_view url, const route_match& route) {
    const auto api_version = query_param(url, "api-version");
    if (auto bad = check_api_version(api_version)) return std::move(*bad);
    if (route.name == "unknown") {
        return arm_error(404, "NotFound", "The requested path '" + std::string(url.encoded_path()) +
                                              "' does not match any resource type served here.");
    }
    if (request.method() != http::verb::get) {
        return arm_error(405, "MethodNotAllowed", "The HTTP method '" + std::string(request.method_string()) +
                                                      "' is not supported for this resource.");
    }
    return list_reply(config, inv, route, url, *api_version);
}

} // namespace

reply handle_arm_request(const arm_config& config, const inventory& inv, const token_store& tokens,
                         stats& counters, const http_request& request, boost::urls::url_view url) {
    if (auto denied = check_bearer(config, tokens, counters, request)) return std::move(*denied);
    const route_match route = match_route(url);
    const auto reads = take_read(config, inv, route);
    if (reads && !reads->allowed) {
        counters.throttled(true);
        const auto header = request[http::field::authorization];
        return subscription_throttled(route.segments[1], tokens.principal(header.substr(7)), reads->retry_after);
    }
    reply r = answer_arm_request(config, inv, request, url, route);
    add_arm_headers(r);
    if (reads) {
        r.headers.emplace_back("x-ms-ratelimit-remaining-subscription-reads", std::to_string(reads->remaining));
    } else if (r.status == 200) {
        r.headers.emplace_back("x-ms-ratelimit-remaining-subscription-reads", "11999");
    }
    return r;
}

reply arm_forbidden(const token_store& tokens, const http_request& request, boost::urls::url_view url) {
    std::vector<std::string> s;
    for (auto segment : url.segments()) s.emplace_back(segment);
    std::string action = "Microsoft.Resources/subscriptions/read";
    std::string scope;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (iequals(s[i], "subscriptions") && scope.empty()) scope = "/subscriptions/" + s[i + 1];
        if (iequals(s[i], "resourceGroups")) scope += "/resourceGroups/" + s[i + 1];
        if (iequals(s[i], "providers") && i + 2 < s.size()) {
            action = s[i + 1];
            for (std::size_t t = i + 2; t < s.size(); t += 2) action += "/" + s[t];
            action += "/read";
            break;
        }
    }
    if (!s.empty() && boost::algorithm::iends_with(s.back(), "metrics:getBatch")) action = "Microsoft.Insights/metrics/read";
    const auto header = request[http::field::authorization];
    const std::string principal = tokens.principal(header.size() > 7 ? std::string_view(header.substr(7)) : std::string_view{});
    const std::string object_id = detail::guid(detail::hash(std::hash<std::string>{}(principal), 0x0b1d),
                                               detail::hash(std::hash<std::string>{}(principal), 0x0b1e));
    reply r = arm_error(403, "AuthorizationFailed",
                        "The client '" + principal + "' with object id '" + object_id +
                            "' does not have authorization to perform action '" + action + "' over scope '" +
                            (scope.empty() ? std::string("/") : scope) +
                            "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
    add_arm_headers(r);
    return r;
}

reply arm_throttled(std::chrono::seconds retry_after) {
    std::string body =
        "{\"error\":{\"code\":\"OperationNotAllowed\",\"message\":\"The server rejected the request "
        "because too many requests have been received for this subscription.\",\"details\":[{"
        "\"code\":\"TooManyRequests\",\"target\":\"HighCostGet\",\"message\":";
    detail::append_string(body, "{\"operationGroup\":\"HighCostGet\",\"allowedRequestCount\":300,"
                                "\"measuredRequestCount\":1238}");
    body += "}]}}";
    reply r = json_reply(429, std::move(body));
    r.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
    r.headers.emplace_back("x-ms-ratelimit-remaining-resource", "Microsoft.Compute/HighCostGet;0");
    add_arm_headers(r);
    return r;
}

reply subscription_throttled(std::string_view subscription_id, std::string_view principal,
                             std::chrono::seconds retry_after) {
    const std::string seconds = std::to_string(retry_after.count());
    reply r = arm_error(429, "SubscriptionRequestsThrottled",
                        "Number of 'read' requests for subscription '" + std::string(subscription_id) +
                            "' actor '" + std::string(principal) + "' exceeded. Please try again after '" +
                            seconds + "' seconds after additional tokens are available. "
                            "Refer to https://aka.ms/arm-throttling for additional information.");
    r.headers.emplace_back("Retry-After", seconds);
    r.headers.emplace_back("x-ms-ratelimit-remaining-subscription-reads", "0");
    add_arm_headers(r);
    return r;
}

} // namespace cloudsync::cloudsim
