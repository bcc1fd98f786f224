// The Azure containers collector: for each subscription, pages
// ContainerGroups_List (Container Instances) and pushes one `containers` record
// per container group (state and images; container_group_page.hpp). API calls
// per sync = subscription list pages (when none are configured) + container
// group pages per subscription.
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


struct container_collector_options {
    std::string management_endpoint = "https://management.azure.com";
    // Subscription GUIDs; empty: every subscription the credential can list.
    std::vector<std::string> subscriptions;
    std::string subscriptions_api_version = "2022-12-01";
    // That of the official example the parser is tested on (fixtures/azure/SOURCES.md).
    std::string container_instance_api_version = "2026-05-01";
    std::size_t batch_size = 1000; // records per sink->write()
    // The account's ARM throttle, shared by its collectors (azure_module); null: none.
    std::shared_ptr<common::throttle> throttle;
};

// Thread safety, failure and scopes: as vm_collector (vm_collector.hpp). The
// constructor throws options_error for an unusable endpoint, batch size or
// subscription id.
class container_collector final : public collector {
public:
    // Reads with the engine's HTTP client, parse executor and scope concurrency.
    container_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
        container_collector_options options);
    ~container_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

private:
    // out: the subscription's scope, owned by the walk and alive until this returns.
    boost::asio::awaitable<void> collect_subscription(std::string subscription,
                                                      inventory::scope_sink& out);

    container_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> arm_;
};

} // namespace cloudsync::collectors::azure
