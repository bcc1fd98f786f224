// What every Azure collector shares on top of the common engine: the ARM API
// client (bearer token for the management endpoint, ARM's error envelope,
// ARM's throttle), the subscriptions of an account (configured, or listed),
// the subscription walk and one ARM list paged with the common pager.
// What a collector reads within a subscription is not here.
#pragma once

#include "collectors/azure/arm_page.hpp"
#include "collectors/common/api_client.hpp"
#include "collectors/common/engine.hpp"
#include "collectors/common/pager.hpp"
#include "collectors/common/scope_walk.hpp"
#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure::detail {

// The authorized ARM client: GETs under management_endpoint's origin only,
// api_error from ARM's error envelope (arm_error), calls counted under
// provider "azure", paced by pacing (may be null). Throws options_error for an
// unusable endpoint or missing client/credentials.
std::shared_ptr<common::api_client> make_arm_client(std::shared_ptr<http::client> client,
                                                    std::shared_ptr<auth::authorizer> credentials,
                                                    std::string management_endpoint,
                                                    std::shared_ptr<common::throttle> pacing);

// Subscription ids go into URL paths: only GUID characters are accepted.
bool valid_subscription(std::string_view id);

// Throws options_error naming `collector` when an id is not a GUID.
void check_subscriptions(const std::vector<std::string>& ids, std::string_view collector);

// GET /subscriptions (paged): every visible subscription except those in state
// Deleted, without repeats. Throws api_error, page_error (also for a
// subscriptionId that is not a GUID), auth and transport errors: without the
// list there is nothing to scope.
boost::asio::awaitable<std::vector<std::string>>
list_subscriptions(std::shared_ptr<common::api_client> arm, std::string api_version,
                   boost::asio::any_io_executor parse_on);

struct subscription_walk {
    std::vector<std::string> configured; // empty: list_subscriptions()
    std::string subscriptions_api_version = "2022-12-01";
};

// The subscriptions (configured or listed, each once, case-insensitively) read
// through common::walk_scopes with the default failure rule, up to
// engine.scope_concurrency at a time, credentials obtained before each scope
// opens. Listing failures propagate (nothing was begun).
boost::asio::awaitable<void> for_each_subscription(common::engine_context engine,
                                                   std::shared_ptr<common::api_client> arm,
                                                   subscription_walk walk,
                                                   std::shared_ptr<inventory::record_sink> sink,
                                                   common::scope_reader read);

// One ARM list page by page (common/pager.hpp): requests count against
// `subscription` for the throttle; build runs on the parse executor. With
// `fields` (arm_page_fields, alive as long as the list), each page's DOM keeps
// only those: `build` must read nothing else.
template <class Item>
using arm_builder = std::function<std::vector<Item>(const raw_page& page, std::string_view url)>;
template <class Item>
using arm_consumer = std::function<boost::asio::awaitable<void>(std::vector<Item> items)>;

// The page at url, counted against subscription. Owns what it uses (a fetch may
// still be in flight when its list has ended in an error).
boost::asio::awaitable<std::string> fetch_arm_page(std::shared_ptr<common::api_client> arm,
                                                   std::string subscription, std::string url);

// fetch_arm_page, then `ready` before the page is handed on. Owns what it uses.
boost::asio::awaitable<std::string>
fetch_arm_page_when(std::shared_ptr<common::api_client> arm, std::string subscription,
                    std::string url, std::function<boost::asio::awaitable<void>()> ready);

// arm_list with a page's result of any type: build returns it, consume takes
// it. `ready`, when given, is awaited after each page arrives and before it is
// parsed: a list whose build reads what other lists fill waits there.
template <class Items>
boost::asio::awaitable<void>
arm_list_pages(common::engine_context engine, std::shared_ptr<common::api_client> arm,
               std::string subscription, std::string url,
               std::function<Items(const raw_page& page, std::string_view url)> build,
               std::function<boost::asio::awaitable<void>(Items items)> consume,
               const json::keep* fields = nullptr,
               std::function<boost::asio::awaitable<void>()> ready = {}) {
    common::page_steps<raw_page, Items> steps;
    if (ready)
        // Not a coroutine lambda: the fetch may outlive the list (see
        // fetch_arm_page), so it owns copies of what it uses.
        steps.fetch = [arm, subscription, ready](std::string token) {
            return fetch_arm_page_when(arm, subscription, std::move(token), ready);
        };
    else
        steps.fetch = [arm, subscription](std::string token) {
            return fetch_arm_page(arm, subscription, std::move(token));
        };
    steps.parse = [fields](const std::string& body, const std::string& token) {
        return fields != nullptr ? parse_raw_page(body, token, *fields)
                                 : parse_raw_page(body, token);
    };
    steps.next = [](const raw_page& page) { return page.next_link; };
    steps.peek_next = [](const std::string& body) { return peek_next_link(body); };
    steps.build = [build = std::move(build)](raw_page page, const std::string& token) {
        return build(page, token);
    };
    steps.consume = std::move(consume);
    co_await common::page_through(std::move(url), std::move(steps), engine.parse_executor);
}

template <class Item>
boost::asio::awaitable<void>
arm_list(common::engine_context engine, std::shared_ptr<common::api_client> arm,
         std::string subscription, std::string url, arm_builder<Item> build,
         arm_consumer<Item> consume, const json::keep* fields = nullptr) {
    co_await arm_list_pages<std::vector<Item>>(std::move(engine), std::move(arm),
                                               std::move(subscription), std::move(url),
                                               std::move(build), std::move(consume), fields);
}

} // namespace cloudsync::collectors::azure::detail
