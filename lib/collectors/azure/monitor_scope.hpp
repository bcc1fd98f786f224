// The per-subscription loop of the metrics and alerts collectors: which
// subscriptions to read (configured, or every visible one that is not Deleted)
// and the scope bracket around each (record_sink::begin_scope / end_scope, or
// fail_scope when that subscription could not be read completely).
// Written here until the shared scope helper of the other Azure collectors lands;
// it follows the same contract (inventory/run.hpp).
#pragma once

#include "collectors/azure/detail/arm_client.hpp"
#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::azure {

// Subscription ids go into URL paths: only GUID characters are accepted.
bool monitor_valid_subscription(const std::string& id);

// `configured` when not empty (after checking each id: options_error), else every
// subscription GET /subscriptions lists except Deleted ones (paged). Throws what
// arm_client::get throws and page_error for a malformed page.
boost::asio::awaitable<std::vector<std::string>>
monitor_subscriptions(detail::arm_client& arm, std::vector<std::string> configured,
                      std::string api_version);

// Runs body(subscription) for each subscription inside begin_scope/end_scope.
// When body throws api_error with status 403, 404, 409, 429 or 5xx (after the
// client's retries) or page_error, the scope is failed with the error's text and
// the loop carries on with the next subscription. Anything else (api_error 400 or
// 401, auth, transport, the sink's errors, cancellation) propagates and fails the
// run. The same rules as the shared detail/scopes helper of the other collectors.
using subscription_body = std::function<boost::asio::awaitable<void>(std::string)>;
boost::asio::awaitable<void> for_each_subscription(std::vector<std::string> subscriptions,
                                                   std::shared_ptr<inventory::record_sink> sink,
                                                   subscription_body body);

} // namespace cloudsync::collectors::azure
