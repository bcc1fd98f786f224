#include "collectors/azure/detail/arm.hpp"

#include "collectors/azure/subscriptions.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace cloudsync::collectors::azure::detail {

namespace asio = boost::asio;

std::shared_ptr<common::api_client> make_arm_client(std::shared_ptr<http::client> client,
                                                    std::shared_ptr<auth::authorizer> credentials,
                                                    std::string management_endpoint,
                                                    std::shared_ptr<common::throttle> pacing) {
    common::api_client_options o;
    o.endpoint = std::move(management_endpoint);
    o.provider = "azure";
    o.parse_error = [](unsigned status, std::string_view body, std::string_view,
                       std::string_view url) { return arm_error(status, body, url); };
    o.pacing = std::move(pacing);
    if (common::origin_of(o.endpoint).empty())
        throw options_error("azure management endpoint is not an absolute http(s) URL: " +
                            o.endpoint);
    return std::make_shared<common::api_client>(std::move(client), std::move(credentials),
                                                std::move(o));
}

bool valid_subscription(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) || c == '-';
    });
}

void check_subscriptions(const std::vector<std::string>& ids, std::string_view collector) {
    for (const auto& id : ids)
        if (!valid_subscription(id))
            throw options_error("azure " + std::string(collector) +
                                " collector: subscription id is not a GUID: " + id);
}

asio::awaitable<std::string> fetch_arm_page(std::shared_ptr<common::api_client> arm,
                                            std::string subscription, std::string url) {
    co_return co_await arm->get(std::move(url), std::move(subscription));
}

asio::awaitable<std::string> fetch_arm_page_when(std::shared_ptr<common::api_client> arm,
                                                 std::string subscription, std::string url,
                                                 std::function<asio::awaitable<void>()> ready) {
    auto body = co_await fetch_arm_page(std::move(arm), std::move(subscription), std::move(url));
    co_await ready();
    co_return body;
}

asio::awaitable<std::vector<std::string>>
list_subscriptions(std::shared_ptr<common::api_client> arm, std::string api_version,
                   asio::any_io_executor parse_on) {
    common::engine_context engine;
    engine.parse_executor = std::move(parse_on);
    std::vector<std::string> out;
    co_await arm_list<subscription>(
        engine, arm, "", arm->url("/subscriptions?api-version=" + api_version),
        [](const raw_page& page, std::string_view url) {
            auto items = parse_subscriptions_page(page, url).items;
            for (const auto& item : items)
                if (item.state != "Deleted" && !valid_subscription(item.subscription_id))
                    throw page_error("malformed page from GET " + url_path(url) +
                                     ": subscriptionId is not a GUID");
            return items;
        },
        [&out](std::vector<subscription> items) -> asio::awaitable<void> {
            for (auto& item : items)
                if (item.state != "Deleted") // nothing left to list there
                    out.push_back(std::move(item.subscription_id));
            co_return;
        });
    out = common::unique_scopes(std::move(out), true);
    spdlog::debug("azure: {} subscriptions visible", out.size());
    co_return out;
}

asio::awaitable<void> for_each_subscription(common::engine_context engine,
                                            std::shared_ptr<common::api_client> arm,
                                            subscription_walk walk,
                                            std::shared_ptr<inventory::record_sink> sink,
                                            common::scope_reader read) {
    std::vector<std::string> list = common::unique_scopes(std::move(walk.configured), true);
    if (list.empty())
        list = co_await list_subscriptions(arm, walk.subscriptions_api_version,
                                           engine.parse_executor);
    co_await common::walk_scopes(std::move(list), std::move(sink),
                                 common::account_walk(engine, arm, "azure: subscription"),
                                 std::move(read));
}

} // namespace cloudsync::collectors::azure::detail
