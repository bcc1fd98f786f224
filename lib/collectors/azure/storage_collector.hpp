// The Azure storage collector: for each subscription, pages StorageAccounts_List
// and pushes one `storage` record per account (type storage_account), then lists
// each account's blob containers (BlobContainers_List) and pushes one record per
// container (type blob_container). Column rules: storage_pages.hpp.
//
// API calls per sync: subscription list pages (when none are configured) + per
// subscription: account pages + for each account with a blob service, its
// container pages (at least one call per account: ARM has no list of every
// container in a subscription). Memory: one batch plus (id, location) of the
// accounts of one subscription.
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


struct storage_collector_options {
    std::string management_endpoint = "https://management.azure.com";
    // Subscription GUIDs; empty: every subscription the credential can list.
    std::vector<std::string> subscriptions;
    std::string subscriptions_api_version = "2022-12-01";
    // Of the official examples the parsers are tested on (fixtures/azure/SOURCES.md).
    std::string storage_api_version = "2025-08-01";
    std::size_t batch_size = 1000; // records per sink->write()
    // The account's ARM throttle, shared by its collectors (azure_module); null: none.
    std::shared_ptr<common::throttle> throttle;
};

// Thread safety, failure and scopes: as vm_collector (vm_collector.hpp): one
// collect() at a time; a subscription that cannot be read completely — its
// accounts or any account's containers — fails that subscription's scope only.
// The constructor throws options_error for an unusable endpoint, batch size or
// subscription id.
class storage_collector final : public collector {
public:
    // Reads with the engine's HTTP client, parse executor and scope concurrency.
    storage_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
        storage_collector_options options);
    ~storage_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

private:
    // out: the subscription's scope, owned by the walk and alive until this returns.
    boost::asio::awaitable<void> collect_subscription(std::string subscription,
                                                      inventory::scope_sink& out);

    storage_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> arm_;
};

} // namespace cloudsync::collectors::azure
