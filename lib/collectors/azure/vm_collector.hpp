// The Azure VM collector: for each subscription, pages the public IPs, the NICs
// and VirtualMachines_ListAll with statusOnly=true at the same time; the two
// address lists fill an address_index, and once both are complete (the index
// sealed) each VM page is parsed and each VM checked against the run
// (scope_sink::checker, vm_page.hpp's build_vm_records): one the table holds
// unchanged is passed on as its key, the others are built with their power
// state, size, OS, private and public IPs, to the sink in batches. Until then
// the VM list holds its first page unparsed (common/pager.hpp). API calls grow
// with pages, never with VMs; memory grows only with the compact address index
// (about 16 bytes per address). Each subscription is its own scope of the run
// (common/scope_walk.hpp): a 403, a persistent 5xx or a malformed page there
// fails that scope only.
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
    // The account's ARM throttle, shared by its collectors (azure_module); null: none.
    std::shared_ptr<common::throttle> throttle;
};

// Thread safety: collect() runs on the executor of the http client and the
// credentials; one collect() at a time per collector (the scheduler's rule).
// Failure: a subscription that cannot be read completely (api_error 403, 404,
// 409, 429, 5xx; page_error; ARM transport_error) is reported with
// failing that subscription's scope; the others are still collected. collect() throws when
// the subscriptions cannot be listed, on auth::auth_error, a transport error to
// the login endpoint, an api_error 400/401, and what the sink throws. The
// constructor throws options_error for an unusable endpoint, batch size or
// subscription id.
class vm_collector final : public collector {
public:
    // Reads with the engine's HTTP client, parse executor and scope concurrency.
    vm_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
        vm_collector_options options);
    ~vm_collector() override;

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override;

private:
    // out: the subscription's scope, owned by the walk and alive until this returns.
    boost::asio::awaitable<void> collect_subscription(std::string subscription,
                                                      inventory::scope_sink& out);

    vm_collector_options options_;
    common::engine_context engine_;
    std::shared_ptr<common::api_client> arm_;
};

} // namespace cloudsync::collectors::azure
