#include "collectors/azure/monitor_scope.hpp"

#include "collectors/azure/subscriptions.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

namespace {

// Statuses that concern one subscription (no access, gone, busy, broken there);
// 400 and 401 would be the same for every subscription.
bool scope_failure(unsigned status) {
    return status == 403 || status == 404 || status == 409 || status == 429 || status >= 500;
}

} // namespace

bool monitor_valid_subscription(const std::string& id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) || c == '-';
    });
}

asio::awaitable<std::vector<std::string>> monitor_subscriptions(detail::arm_client& arm,
                                                                std::vector<std::string> configured,
                                                                std::string api_version) {
    for (const auto& id : configured)
        if (!monitor_valid_subscription(id))
            throw options_error("azure: subscription id is not a GUID: " + id);
    if (!configured.empty())
        co_return configured;
    std::vector<std::string> out;
    std::optional<std::string> url = arm.url("/subscriptions?api-version=" + api_version);
    while (url) {
        const std::string body = co_await arm.get(*url);
        auto page = parse_subscriptions_page(body, *url);
        for (auto& item : page.items) {
            if (item.state == "Deleted")
                continue;
            if (!monitor_valid_subscription(item.subscription_id))
                throw page_error("malformed page from GET " + url_path(*url) +
                                 ": subscriptionId is not a GUID");
            out.push_back(std::move(item.subscription_id));
        }
        url = std::move(page.next_link);
    }
    co_return out;
}

asio::awaitable<void> for_each_subscription(std::vector<std::string> subscriptions,
                                            std::shared_ptr<inventory::record_sink> sink,
                                            subscription_body body) {
    for (const auto& subscription : subscriptions) {
        co_await sink->begin_scope(subscription);
        std::string failure;
        // A task boundary: one subscription's failure is that scope's outcome.
        try {
            co_await body(subscription);
        } catch (const api_error& e) {
            if (!scope_failure(e.status()))
                throw;
            failure = e.what();
        } catch (const page_error& e) {
            failure = e.what();
        }
        if (failure.empty()) {
            co_await sink->end_scope();
            continue;
        }
        spdlog::warn("azure: subscription {} failed: {}", subscription, failure);
        co_await sink->fail_scope(std::move(failure));
    }
}

} // namespace cloudsync::collectors::azure
