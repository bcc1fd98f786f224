// Azure Resource Manager routes of the sim: bearer-token check, api-version
// check, and the list operations (subscriptions, virtualMachines with optional
// statusOnly, networkInterfaces, publicIPAddresses, storageAccounts and their
// blob containers, virtualNetworks, containerGroups, metricAlerts,
// AlertsManagement alerts) paged with absolute nextLinks carrying $skiptoken. Errors use the ARM envelope {"error":{code,message}}.
// Requests under /subscriptions/{id}/ take a token from that subscription's
// read bucket when a rate limit is set (rate_limit.hpp): each answer carries
// x-ms-ratelimit-remaining-subscription-reads, an empty bucket answers 429
// SubscriptionRequestsThrottled with Retry-After.
#pragma once

#include "cloudsim/entra.hpp"
#include "cloudsim/inventory.hpp"
#include "cloudsim/rate_limit.hpp"
#include "cloudsim/reply.hpp"
#include "cloudsim/stats.hpp"

#include <boost/url/url_view.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim {

struct arm_config {
    std::string base_url;                 // "http://127.0.0.1:PORT", prefix of every nextLink
    std::string tenant_id;                // named in WWW-Authenticate
    std::size_t page_size = 1000;         // VMs, NICs, public IPs per page
    std::size_t subscription_page_size = 100;
    // The subscription read buckets; null or disabled: no limit, and 200s
    // carry the constant x-ms-ratelimit-remaining-subscription-reads: 11999.
    rate_limiter* reads = nullptr;
};

// The stats route name of a request path: subscriptions, subscription,
// virtualMachines, networkInterfaces, publicIPAddresses, storageAccounts,
// blobContainers, virtualNetworks, containerGroups, metricAlerts, alerts, or unknown.
std::string_view arm_route(boost::urls::url_view url);

// The 401 (with WWW-Authenticate) for a missing, unknown or expired bearer
// token, or nullopt when the token is valid. Counts 401s in counters.
std::optional<reply> check_bearer(const arm_config& config, const token_store& tokens, stats& counters,
                                  const http_request& request);

// The 403 ARM sends when the principal lacks the role: AuthorizationFailed,
// naming the principal of the request's token, the read action of the route
// and the subscription (resource group) scope.
reply arm_forbidden(const token_store& tokens, const http_request& request, boost::urls::url_view url);

// Answers one ARM request. Counts 401s and rate-limit 429s in counters.
reply handle_arm_request(const arm_config& config, const inventory& inv, const token_store& tokens,
                         stats& counters, const http_request& request, boost::urls::url_view url);

// The 429 the Compute RP sends (arm.throttling.compute429.http), wrapped in the
// ARM "error" envelope, with Retry-After and x-ms-ratelimit-remaining-resource.
reply arm_throttled(std::chrono::seconds retry_after);

// The 429 ARM itself sends when a subscription's read bucket is empty (the
// 2024 token-bucket throttling): code SubscriptionRequestsThrottled, the
// message naming the operation kind, subscription and principal, Retry-After
// in seconds and x-ms-ratelimit-remaining-subscription-reads: 0.
reply subscription_throttled(std::string_view subscription_id, std::string_view principal,
                             std::chrono::seconds retry_after);

} // namespace cloudsync::cloudsim
