// The Azure VM collector: for each subscription, pages the public IPs and NICs
// into an address_index, then pages VirtualMachines_ListAll with statusOnly=true
// and pushes one record per VM (power state, size, OS, private and public IPs) to
// the sink in batches. API calls grow with pages, never with VMs; memory grows
// only with the compact address index (about 16 bytes per address).
// Each subscription is its own record_sink scope (detail/scopes.hpp): a 403, a
// persistent 5xx or a malformed page there fails that scope only.
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

struct vm_collector_options {
    std::string management_endpoint = "https://management.azure.com";
    // Subscription GUIDs; empty: every subscription the credential can list
    // (GET /subscriptions, paged), except those in state Deleted.
    std::vector<std::string> subscriptions;
    // API versions: those of the official examples the parsers are tested on
    // (shared/fixtures/azure/SOURCES.md). Compute 2024-07-01 returns the same shape.
    std::string subscriptions_api_version = "2022-12-01";
    std::string compute_api_version = "2026-03-01";
    std::string network_api_version = "2026-01-01";
    std::size_t batch_size = 1000; // records per sink->write()
};

// Thread safety: collect() runs on the executor of the http client and the
// credentials; one collect() at a time per collector (the scheduler's rule).
// Failure: a subscription that cannot be read completely (api_error 403, 404,
// 409, 429, 5xx; page_error; ARM transport_error) is reported with
// sink->fail_scope() and the others are still collected. collect() throws when
// the subscriptions cannot be listed, on auth::auth_error, a transport error to
// the login endpoint, an api_error 400/401, and what the sink throws. The
// constructor throws options_error for an unusable endpoint, batch size or
// subscription id.
class vm_collector final : public collector {
public:
    vm_collector(std::shared_ptr<http::client> client,
                 std::shared_ptr<auth::authorizer> credentials, vm_collector_options options);
    ~vm_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

private:
    boost::asio::awaitable<void> collect_subscription(std::string subscription,
                                                      std::shared_ptr<inventory::record_sink> sink);

    vm_collector_options options_;
    std::shared_ptr<detail::arm_client> arm_;
};

} // namespace cloudsync::collectors::azure
