// The Azure containers collector: for each subscription, pages
// ContainerGroups_List (Container Instances) and pushes one `containers` record
// per container group (state and images; container_group_page.hpp). API calls
// per sync = subscription list pages (when none are configured) + container
// group pages per subscription.
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/collector.hpp"
#include "http/client.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::azure {

namespace detail {
class arm_client;
}

struct container_collector_options {
    std::string management_endpoint = "https://management.azure.com";
    // Subscription GUIDs; empty: every subscription the credential can list.
    std::vector<std::string> subscriptions;
    std::string subscriptions_api_version = "2022-12-01";
    // That of the official example the parser is tested on (fixtures/azure/SOURCES.md).
    std::string container_instance_api_version = "2026-05-01";
    std::size_t batch_size = 1000; // records per sink->write()
};

// Thread safety, failure and scopes: as vm_collector (vm_collector.hpp). The
// constructor throws options_error for an unusable endpoint, batch size or
// subscription id.
class container_collector final : public collector {
public:
    container_collector(std::shared_ptr<http::client> client,
                        std::shared_ptr<auth::authorizer> credentials,
                        container_collector_options options);
    ~container_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

private:
    boost::asio::awaitable<void> collect_subscription(std::string subscription,
                                                      std::shared_ptr<inventory::record_sink> sink);

    container_collector_options options_;
    std::shared_ptr<detail::arm_client> arm_;
};

} // namespace cloudsync::collectors::azure
