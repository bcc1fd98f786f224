// The Azure VM collector against cloudsim over loopback: every live VM is
// delivered once with its state, size, OS and addresses as cloudsim generated
// them; API calls grow with pages, not VMs; failures fail the collection.
#include "auth/error.hpp"
#include "cloudsim/inventory.hpp"
#include "collectors/azure/detail/arm.hpp"
#include "collectors/azure/vm_collector.hpp"
#include "collectors/errors.hpp"
#include "memory_check.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <gtest/gtest.h>

#include <map>

namespace cloudsync::collectors::azure {
namespace {

namespace asio = boost::asio;

class VmCollectorSim : public test::sim_fixture {
protected:
    explicit VmCollectorSim(std::uint32_t subscriptions = 3, std::uint64_t vms = 120,
                            std::size_t page_size = 25)
        : sim_fixture(make_options(subscriptions, vms, page_size)) {}

    static cloudsim::options make_options(std::uint32_t subscriptions, std::uint64_t vms,
                                          std::size_t page_size) {
        auto o = options(7);
        o.inventory.subscriptions = subscriptions;
        o.inventory.vms_per_subscription = vms;
        o.page_size = page_size;
        o.subscription_page_size = 2; // subscriptions are paged too
        return o;
    }

    vm_collector make_collector(std::vector<std::string> subscriptions = {},
                                std::size_t batch_size = 40) {
        vm_collector_options o;
        o.management_endpoint = sim.base_url();
        o.subscriptions = std::move(subscriptions);
        o.batch_size = batch_size;
        return vm_collector(common::default_engine(http_client), credential, o);
    }

    std::shared_ptr<test::recording_sink> collect(vm_collector& collector, std::size_t batch_size = 40) {
        auto sink = std::make_shared<test::recording_sink>(batch_size);
        test::run_coroutine(io, collector.collect(sink));
        return sink;
    }
};

inventory::vm_state expected_state(cloudsim::power_state p) {
    using cloudsim::power_state;
    switch (p) {
    case power_state::running:
        return inventory::vm_state::running;
    case power_state::stopped:
        return inventory::vm_state::stopped;
    case power_state::deallocated:
        return inventory::vm_state::deallocated;
    case power_state::starting:
        return inventory::vm_state::starting;
    case power_state::stopping:
    case power_state::deallocating:
        return inventory::vm_state::stopping;
    }
    return inventory::vm_state::unknown;
}

TEST_F(VmCollectorSim, CollectsEveryVmWithItsColumns) {
    auto collector = make_collector();
    const auto sink = collect(collector);
    const auto inv = sim.inventory_snapshot();
    ASSERT_EQ(sink->records.size(), inv->live_vms_total());
    std::size_t with_public = 0;
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s) {
        for (std::uint64_t i = 0; i < inv->index_space(); ++i) {
            const auto vm = inv->vm(s, i);
            if (!vm)
                continue;
            const auto it = sink->records.find(cloudsim::vm_id(*inv, *vm));
            ASSERT_NE(it, sink->records.end()) << cloudsim::vm_id(*inv, *vm);
            const auto& rec = it->second;
            const auto& cols = std::get<inventory::vm_columns>(rec.columns);
            EXPECT_EQ(rec.name, cloudsim::vm_name(*vm));
            EXPECT_EQ(rec.region, vm->region);
            EXPECT_EQ(cols.state, expected_state(vm->power)) << cols.native_state;
            EXPECT_EQ(cols.native_state, cloudsim::power_code(vm->power));
            EXPECT_EQ(cols.os, vm->is_linux ? "linux" : "windows");
            EXPECT_FALSE(cols.size.empty());
            EXPECT_EQ(cols.private_ips, std::vector<std::string>{cloudsim::private_ip(*vm)});
            if (vm->has_public_ip) {
                ++with_public;
                EXPECT_EQ(cols.public_ips, std::vector<std::string>{cloudsim::public_ip(*vm)});
            } else {
                EXPECT_TRUE(cols.public_ips.empty());
            }
            EXPECT_NE(rec.raw.find("\"instanceView\""), std::string::npos);
        }
    }
    EXPECT_GT(with_public, 0u);
    std::size_t batches = 0; // batches never span subscriptions
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s)
        batches += (inv->live_vms(s) + 39) / 40;
    EXPECT_EQ(sink->batches, batches);
}

TEST_F(VmCollectorSim, ApiCallsGrowWithPagesNotVms) {
    auto collector = make_collector();
    collect(collector);
    const auto stats = sim.stats();
    const auto inv = sim.inventory_snapshot();
    std::uint64_t vm_pages = 0;
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s)
        vm_pages += std::max<std::uint64_t>(1, (inv->live_vms(s) + 24) / 25);
    EXPECT_EQ(stats.count("virtualMachines"), vm_pages);
    EXPECT_EQ(stats.count("subscriptions"), 2u); // 3 subscriptions, 2 per page
    EXPECT_LE(stats.count("networkInterfaces"), vm_pages);
    EXPECT_LE(stats.count("publicIPAddresses"), vm_pages);
    EXPECT_EQ(stats.tokens_issued, 1u);
}

// With the run's check (here one holding what the first collection keyed),
// a VM is built only when it changed: an unchanged resync builds none, and a
// mutation's changes and additions are built, the rest sent as keys.
TEST_F(VmCollectorSim, OnlyVmsTheRunDoesNotHoldAreBuilt) {
    auto check = std::make_shared<test::memory_check>();
    auto collector = make_collector();
    auto first = std::make_shared<test::recording_sink>(40);
    first->check = check;
    test::run_coroutine(io, collector.collect(first));
    const auto inv = sim.inventory_snapshot();
    ASSERT_EQ(first->records.size(), inv->live_vms_total());
    EXPECT_TRUE(first->unchanged.empty());
    for (const auto& [id, rec] : first->records) {
        ASSERT_TRUE(rec.key) << id;
        check->hold(*rec.key);
    }

    auto again = std::make_shared<test::recording_sink>(40);
    again->check = check;
    test::run_coroutine(io, collector.collect(again));
    EXPECT_TRUE(again->records.empty());
    EXPECT_EQ(again->unchanged.size(), inv->live_vms_total());
    EXPECT_EQ(again->completed_scopes.size(), inv->subscription_count());

    const auto changes = sim.mutate({3, 0.05, 0.1, 0});
    ASSERT_GT(changes.changed, 0u);
    auto after = std::make_shared<test::recording_sink>(40);
    after->check = check;
    test::run_coroutine(io, collector.collect(after));
    EXPECT_EQ(after->records.size(), changes.added + changes.changed);
    EXPECT_EQ(after->records.size() + after->unchanged.size(),
              sim.inventory_snapshot()->live_vms_total());
}

TEST_F(VmCollectorSim, ConfiguredSubscriptionsOnly) {
    const auto inv = sim.inventory_snapshot();
    auto collector = make_collector({inv->subscription_id(1)});
    const auto sink = collect(collector);
    EXPECT_EQ(sink->records.size(), inv->live_vms(1));
    EXPECT_EQ(sim.stats().count("subscriptions"), 0u);
    for (const auto& [id, rec] : sink->records)
        EXPECT_NE(id.find(inv->subscription_id(1)), std::string::npos) << id;
}

TEST_F(VmCollectorSim, EverySubscriptionIsItsOwnScope) {
    auto collector = make_collector();
    const auto sink = collect(collector);
    const auto inv = sim.inventory_snapshot();
    std::vector<std::string> expected;
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s)
        expected.push_back(inv->subscription_id(s));
    EXPECT_EQ(test::sorted(sink->completed_scopes), test::sorted(expected));
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_TRUE(sink->open.empty());
    EXPECT_TRUE(sink->abandoned_scopes.empty());
}

// A malformed page fails its subscription's scope; the others are collected.
TEST_F(VmCollectorSim, MalformedPageFailsOnlyItsSubscription) {
    const auto inv = sim.inventory_snapshot();
    sim.add_fault({cloudsim::fault_kind::malformed_json,
                   inv->subscription_id(1) + "/providers/Microsoft.Compute/virtualMachines", 1});
    auto collector = make_collector();
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, inv->subscription_id(1));
    EXPECT_NE(sink->failed_scopes[0].second.find("Microsoft.Compute/virtualMachines"),
              std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(test::sorted(sink->completed_scopes),
              test::sorted({inv->subscription_id(0), inv->subscription_id(2)}));
    EXPECT_EQ(sink->records.size(), inv->live_vms(0) + inv->live_vms(2) + 0u);
}

// A 5xx that outlasts the client's retries fails that subscription only.
TEST_F(VmCollectorSim, PersistentServerErrorFailsOnlyItsSubscription) {
    const auto inv = sim.inventory_snapshot();
    sim.add_fault({cloudsim::fault_kind::server_error,
                   inv->subscription_id(0) + "/providers/Microsoft.Network/networkInterfaces", 5,
                   503});
    auto collector = make_collector();
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, inv->subscription_id(0));
    EXPECT_NE(sink->failed_scopes[0].second.find("HTTP 503"), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sink->completed_scopes.size(), 2u);
    EXPECT_EQ(sink->records.size(), inv->live_vms(1) + inv->live_vms(2) + 0u);
    for (const auto& [id, rec] : sink->records)
        EXPECT_EQ(id.find(inv->subscription_id(0)), std::string::npos) << id;
}

// The credential lacks Reader on one subscription: a 403 there fails that scope,
// naming the subscription; the others are delivered.
TEST_F(VmCollectorSim, ForbiddenSubscriptionFailsOnlyItsScope) {
    const auto inv = sim.inventory_snapshot();
    const auto denied = inv->subscription_id(2);
    sim.add_fault({cloudsim::fault_kind::forbidden, denied + "/", 1000});
    auto collector = make_collector();
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, denied);
    const auto& why = sink->failed_scopes[0].second;
    EXPECT_NE(why.find("HTTP 403 AuthorizationFailed"), std::string::npos) << why;
    EXPECT_NE(why.find("no read access to subscription " + denied), std::string::npos) << why;
    EXPECT_EQ(test::sorted(sink->completed_scopes),
              test::sorted({inv->subscription_id(0), inv->subscription_id(1)}));
    EXPECT_EQ(sink->records.size(), inv->live_vms(0) + inv->live_vms(1) + 0u);
}

TEST_F(VmCollectorSim, UnknownSubscriptionFailsItsScope) {
    const std::string unknown = "99999999-9999-9999-9999-999999999999";
    const auto inv = sim.inventory_snapshot();
    auto collector = make_collector({unknown, inv->subscription_id(2)});
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, unknown);
    EXPECT_NE(sink->failed_scopes[0].second.find("HTTP 404 SubscriptionNotFound"),
              std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{inv->subscription_id(2)});
    EXPECT_EQ(sink->records.size(), inv->live_vms(2));
}

// Without the list of subscriptions there is nothing to scope: the run fails.
TEST_F(VmCollectorSim, MalformedSubscriptionListFailsTheCollection) {
    sim.add_fault({cloudsim::fault_kind::malformed_json, "/subscriptions?", 1});
    auto collector = make_collector();
    EXPECT_THROW(collect(collector), page_error);
    EXPECT_EQ(sim.stats().count("virtualMachines"), 0u);
}

// A token endpoint that refuses the credential fails the whole run, not a scope.
TEST_F(VmCollectorSim, AuthFailureFailsTheCollection) {
    auto wrong = make_credential(sim.base_url() + "/.default", "wrong");
    const auto inv = sim.inventory_snapshot();
    vm_collector_options options;
    options.management_endpoint = sim.base_url();
    options.subscriptions = {inv->subscription_id(0)};
    vm_collector collector(common::default_engine(http_client), wrong, options);
    auto sink = std::make_shared<test::recording_sink>(1000);
    EXPECT_THROW(test::run_coroutine(io, collector.collect(sink)), auth::auth_error);
    EXPECT_TRUE(sink->completed_scopes.empty());
    EXPECT_TRUE(sink->failed_scopes.empty());
}

TEST_F(VmCollectorSim, ServerErrorsAreRetriedByTheClient) {
    sim.add_fault({cloudsim::fault_kind::server_error, "networkInterfaces", 2, 503});
    auto collector = make_collector();
    const auto sink = collect(collector);
    EXPECT_EQ(sink->records.size(), sim.inventory_snapshot()->live_vms_total());
}

// Requests in flight when the token expires each get a 401 (lists and scopes
// are read at the same time); each is retried once with a fresh token and the
// run loses nothing. A 401 forgets the cached token only when it refused that
// very token, so the concurrent 401s share one fresh token.
TEST_F(VmCollectorSim, ExpiredTokenMidRunIsRefreshedOnce) {
    sim.add_fault({cloudsim::fault_kind::expire_tokens, "virtualMachines", 1});
    auto collector = make_collector();
    const auto sink = collect(collector);
    EXPECT_EQ(sink->records.size(), sim.inventory_snapshot()->live_vms_total());
    const auto stats = sim.stats();
    EXPECT_GE(stats.auth_failures, 1u);
    EXPECT_EQ(stats.tokens_issued, 2u) << stats.auth_failures << " requests were refused";
    EXPECT_TRUE(sink->failed_scopes.empty());
}

// A nextLink to another host would carry our bearer token there: refused before
// any request is made.
TEST_F(VmCollectorSim, ForeignNextLinkIsRefusedWithoutARequest) {
    auto client = detail::make_arm_client(http_client, credential, sim.base_url(), nullptr);
    auto& arm = *client;
    const auto before = sim.stats().requests_total;
    const std::vector<std::string> links = {"https://attacker.example/subscriptions?api-version=1",
                                            "a://example.com/a", "http://nextlink",
                                            sim.base_url() + "0/subscriptions"};
    for (const auto& link : links) {
        EXPECT_THROW(test::run_coroutine(io, arm.get(link)), page_error) << link;
    }
    EXPECT_EQ(sim.stats().requests_total, before);
    EXPECT_EQ(credential->fetch_count(), 0u);
    const auto body =
        test::run_coroutine(io, arm.get(arm.url("/subscriptions?api-version=2022-12-01")));
    EXPECT_NE(body.find("\"value\""), std::string::npos);
}

TEST_F(VmCollectorSim, RejectsUnusableOptions) {
    vm_collector_options o;
    o.management_endpoint = "not a url";
    EXPECT_THROW(vm_collector(common::default_engine(http_client), credential, o), options_error);
    o.management_endpoint = sim.base_url();
    o.subscriptions = {"../x"};
    EXPECT_THROW(vm_collector(common::default_engine(http_client), credential, o), options_error);
    o.subscriptions = {};
    o.batch_size = 0;
    EXPECT_THROW(vm_collector(common::default_engine(http_client), credential, o), options_error);
}

} // namespace
} // namespace cloudsync::collectors::azure
