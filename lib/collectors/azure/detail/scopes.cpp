#include "collectors/azure/detail/scopes.hpp"

#include "collectors/azure/subscriptions.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace cloudsync::collectors::azure::detail {

namespace asio = boost::asio;

namespace {

bool scope_status(unsigned status) {
    return status == 403 || status == 404 || status == 409 || status == 429 || status >= 500;
}

// Reads one subscription inside its scope. Returns why it failed, or nullopt.
// This is the task boundary for one subscription, hence the try/catch here.
asio::awaitable<std::optional<std::string>> read_in_scope(std::string subscription,
                                                          subscription_reader read) {
    try {
        co_await read(std::move(subscription));
        co_return std::nullopt;
    } catch (const api_error& e) {
        if (!scope_status(e.status()))
            throw;
        co_return std::string(e.what());
    } catch (const page_error& e) {
        co_return std::string(e.what());
    } catch (const http::transport_error& e) {
        co_return std::string(e.what());
    }
}

} // namespace

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

asio::awaitable<std::vector<std::string>> list_subscriptions(std::shared_ptr<arm_client> arm,
                                                             std::string api_version) {
    std::vector<std::string> out;
    std::optional<std::string> url = arm->url("/subscriptions?api-version=" + api_version);
    while (url) {
        const std::string body = co_await arm->get(*url);
        auto page = parse_subscriptions_page(body, *url);
        for (auto& item : page.items) {
            if (item.state == "Deleted")
                continue; // nothing left to list there
            if (!valid_subscription(item.subscription_id))
                throw page_error("malformed page from GET " + url_path(*url) +
                                 ": subscriptionId is not a GUID");
            out.push_back(std::move(item.subscription_id));
        }
        url = std::move(page.next_link);
    }
    spdlog::debug("azure: {} subscriptions visible", out.size());
    co_return out;
}

asio::awaitable<void> for_each_subscription(std::shared_ptr<arm_client> arm, subscription_walk walk,
                                            std::shared_ptr<inventory::record_sink> sink,
                                            subscription_reader read) {
    // Not a conditional expression: g++ 12 miscompiles co_await inside ?:.
    std::vector<std::string> list = std::move(walk.configured);
    if (list.empty())
        list = co_await list_subscriptions(arm, walk.subscriptions_api_version);
    for (const auto& subscription : list) {
        co_await arm->ensure_credentials();
        co_await sink->begin_scope(subscription);
        std::optional<std::string> failure = co_await read_in_scope(subscription, read);
        if (failure) {
            spdlog::warn("azure: subscription {} not read completely: {}", subscription, *failure);
            co_await sink->fail_scope(std::move(*failure));
        } else {
            co_await sink->end_scope();
        }
    }
}

} // namespace cloudsync::collectors::azure::detail
