// How every Azure collector walks an account: the subscriptions to read (the
// configured ones, or every subscription the credential can list), each read
// inside its own record_sink scope (inventory/run.hpp), and which failures end
// only that scope. What a collector reads within a subscription is not here.
#pragma once

#include "collectors/azure/detail/arm_client.hpp"
#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure::detail {

// Subscription ids go into URL paths: only GUID characters are accepted.
bool valid_subscription(std::string_view id);

// Throws options_error naming `collector` when an id is not a GUID.
void check_subscriptions(const std::vector<std::string>& ids, std::string_view collector);

// GET /subscriptions (paged): every visible subscription except those in state
// Deleted. Throws api_error, page_error (also for a subscriptionId that is not a
// GUID), auth and transport errors: without the list there is nothing to scope.
boost::asio::awaitable<std::vector<std::string>> list_subscriptions(std::shared_ptr<arm_client> arm,
                                                                    std::string api_version);

struct subscription_walk {
    std::vector<std::string> configured; // empty: list_subscriptions()
    std::string subscriptions_api_version = "2022-12-01";
};

// Reads one subscription: writes its records to the sink (already in scope).
using subscription_reader = std::function<boost::asio::awaitable<void>(std::string subscription)>;

// For each subscription: sink->begin_scope(id), read(id), sink->end_scope().
// A failure that concerns that subscription only ends it with
// sink->fail_scope(what) and the walk goes on with the next one:
//  - api_error with status 403, 404, 409, 429 or 5xx (after the client's retries),
//  - page_error (malformed page, item without id, foreign nextLink),
//  - http::transport_error from ARM (truncated body, timeout after retries).
// Everything else propagates and fails the whole collection: listing the
// subscriptions, auth::auth_error, a transport error reaching the login endpoint
// (credentials are obtained before each scope opens; a token refresh that fails
// in mid-subscription is the one case that ends only that scope), any other
// api_error status (400, 401: a request every subscription would get wrong), the
// sink's own errors and cancellation.
// Lifetime: arm and sink are shared; read is called one subscription at a time.
boost::asio::awaitable<void> for_each_subscription(std::shared_ptr<arm_client> arm,
                                                   subscription_walk walk,
                                                   std::shared_ptr<inventory::record_sink> sink,
                                                   subscription_reader read);

} // namespace cloudsync::collectors::azure::detail
