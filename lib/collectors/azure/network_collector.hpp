// The Azure networks collector: for each subscription, pages
// VirtualNetworks_ListAll and pushes one `networks` record per virtual network
// and one `subnets` record per subnet (virtual_network_page.hpp). Subnets come
// inside their network, so API calls per sync = subscription list pages (when
// none are configured) + virtual network pages per subscription.
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/collector.hpp"
#include "collectors/common/engine.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::common {
class api_client;
}

namespace cloudsync::collectors::azure {


struct network_collector_options {
    std::string management_endpoint = "https://management.azure.com";
    // Subscription GUIDs; empty: every subscription the credential can list.
    std::vector<std::string> subscriptions;
    std::string subscriptions_api_version = "2022-12-01";
    // That of the official example the parser is tested on (fixtures/azure/SOURCES.md).
    std::string network_api_version = "2025-09-01";
    std::size_t batch_size = 1000; // records (networks and subnets) per sink->write()
    // The account's ARM throttle, shared by its collectors (azure_module); null: none.
    std::shared_ptr<common::throttle> throttle;
};

// Thread safety, failure and scopes: as vm_collector (vm_collector.hpp). The
// constructor throws options_error for an unusable endpoint, batch size or
// subscription id.
class network_collector final : public collector {
public:
    // Reads with the engine's HTTP client, parse executor and scope concurrency.
    network_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
        network_collector_options options);
    ~network_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

private:
    // out: the subscription's scope, owned by the walk and alive until this returns.
    boost::asio::awaitable<void> collect_subscription(std::string subscription,
                                                      inventory::scope_sink& out);

    network_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> arm_;
};

} // namespace cloudsync::collectors::azure
