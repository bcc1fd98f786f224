// The Azure storage, networks and containers collectors against cloudsim over
// loopback: every live item delivered once with its columns; API calls as the
// headers promise; a forbidden or broken subscription fails only its scope.
#include "cloudsim/estate_pages.hpp"
#include "cloudsim/inventory.hpp"
#include "collectors/azure/container_collector.hpp"
#include "collectors/azure/network_collector.hpp"
#include "collectors/azure/storage_collector.hpp"
#include "collectors/errors.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace cloudsync::collectors::azure {
namespace {

namespace asio = boost::asio;
using cloudsim::estate_kind;

class ResourcesCollectorSim : public test::sim_fixture {
protected:
    ResourcesCollectorSim() : sim_fixture(make_options()) {}

    static cloudsim::options make_options() {
        auto o = options(11);
        o.inventory.subscriptions = 3;
        o.inventory.vms_per_subscription = 1;
        o.inventory.storage_accounts_per_subscription = 5;
        o.inventory.containers_per_storage_account = 3;
        o.inventory.virtual_networks_per_subscription = 9;
        o.inventory.container_groups_per_subscription = 6;
        o.page_size = 2; // every list is paged
        o.subscription_page_size = 2;
        return o;
    }

    template <class Collector, class Options> Collector make() {
        Options o;
        o.management_endpoint = sim.base_url();
        o.batch_size = 7;
        return Collector(common::default_engine(http_client), credential, o);
    }

    std::shared_ptr<test::recording_sink> collect(collector& c) {
        auto sink = std::make_shared<test::recording_sink>(7);
        test::run_coroutine(io, c.collect(sink));
        EXPECT_TRUE(sink->open.empty());
        return sink;
    }

    std::vector<cloudsim::estate_item> live(estate_kind kind, std::uint32_t s) const {
        const auto inv = sim.inventory_snapshot();
        std::vector<cloudsim::estate_item> out;
        for (std::uint64_t i = 0; i < inv->estate_space(kind); ++i)
            if (auto item = inv->item(kind, s, i))
                out.push_back(*item);
        return out;
    }

    static std::uint64_t pages(std::uint64_t items) {
        return std::max<std::uint64_t>(1, (items + 1) / 2);
    }
};

TEST_F(ResourcesCollectorSim, StorageAccountsAndTheirContainers) {
    auto collector = make<storage_collector, storage_collector_options>();
    const auto sink = collect(collector);
    const auto inv = sim.inventory_snapshot();
    std::uint64_t accounts = 0, containers = 0, container_pages = 0, account_pages = 0;
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s) {
        const auto items = live(estate_kind::storage_account, s);
        account_pages += pages(items.size());
        for (const auto& account : items) {
            ++accounts;
            const auto id = cloudsim::estate_id(*inv, account);
            const auto it = sink->records.find(id);
            ASSERT_NE(it, sink->records.end()) << id;
            const auto& cols = std::get<inventory::storage_columns>(it->second.columns);
            EXPECT_EQ(cols.type, "storage_account");
            EXPECT_EQ(it->second.region, account.region);
            EXPECT_EQ(it->second.name, cloudsim::estate_name(account));
            EXPECT_TRUE(cols.public_access.has_value()); // the sim sends allowBlobPublicAccess
            EXPECT_EQ(sink->scope_of.at(id), inv->subscription_id(s));
            const auto n = cloudsim::blob_container_count(*inv, account);
            containers += n;
            container_pages += pages(n);
            for (std::uint64_t j = 0; j < n; ++j) {
                const auto cid =
                    id + "/blobServices/default/containers/container" + std::to_string(j);
                const auto c = sink->records.find(cid);
                ASSERT_NE(c, sink->records.end()) << cid;
                const auto& ccols = std::get<inventory::storage_columns>(c->second.columns);
                EXPECT_EQ(ccols.type, "blob_container");
                EXPECT_TRUE(ccols.public_access.has_value());
                EXPECT_EQ(c->second.region, account.region);
            }
        }
    }
    EXPECT_GT(accounts, 0u);
    EXPECT_EQ(sink->records.size(), accounts + containers);
    EXPECT_EQ(sink->completed_scopes.size(), inv->subscription_count());
    // calls = subscription pages + account pages + container pages (>= 1 per account)
    const auto stats = sim.stats();
    EXPECT_EQ(stats.count("storageAccounts"), account_pages);
    EXPECT_EQ(stats.count("blobContainers"), container_pages);
    EXPECT_EQ(stats.count("subscriptions"), 2u);
}

TEST_F(ResourcesCollectorSim, VirtualNetworksAndSubnets) {
    auto collector = make<network_collector, network_collector_options>();
    const auto sink = collect(collector);
    const auto inv = sim.inventory_snapshot();
    std::uint64_t networks = 0, subnets = 0, network_pages = 0;
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s) {
        const auto items = live(estate_kind::virtual_network, s);
        network_pages += pages(items.size());
        for (const auto& vnet : items) {
            ++networks;
            const auto id = cloudsim::estate_id(*inv, vnet);
            const auto it = sink->records.find(id);
            ASSERT_NE(it, sink->records.end()) << id;
            const auto& cidrs = std::get<inventory::network_columns>(it->second.columns).cidrs;
            ASSERT_FALSE(cidrs.empty());
            EXPECT_EQ(cidrs[0], "10." + std::to_string(vnet.index % 256) + ".0.0/16");
            const auto n = cloudsim::subnet_count(vnet);
            subnets += n;
            for (std::uint64_t j = 0; j < n; ++j) {
                const auto sid =
                    id + "/subnets/" + (j == 0 ? "default" : "subnet-" + std::to_string(j));
                const auto sub = sink->records.find(sid);
                ASSERT_NE(sub, sink->records.end()) << sid;
                const auto& cols = std::get<inventory::subnet_columns>(sub->second.columns);
                EXPECT_EQ(cols.network_id, id);
                EXPECT_EQ(cols.cidr, "10." + std::to_string(vnet.index % 256) + "." +
                                         std::to_string(j) + ".0/24");
                EXPECT_EQ(sub->second.region, vnet.region);
            }
        }
    }
    EXPECT_EQ(sink->count(inventory::table::networks), networks);
    EXPECT_EQ(sink->count(inventory::table::subnets), subnets);
    EXPECT_GT(subnets, 0u);
    EXPECT_EQ(sink->records.size(), networks + subnets);
    EXPECT_EQ(sim.stats().count("virtualNetworks"), network_pages); // subnets cost no call
}

TEST_F(ResourcesCollectorSim, ContainerGroups) {
    auto collector = make<container_collector, container_collector_options>();
    const auto sink = collect(collector);
    const auto inv = sim.inventory_snapshot();
    std::uint64_t groups = 0, group_pages = 0;
    const std::set<std::string> states = {"running", "stopped",  "pending", "succeeded",
                                          "failed",  "deleting", "unknown"};
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s) {
        const auto items = live(estate_kind::container_group, s);
        group_pages += pages(items.size());
        for (const auto& group : items) {
            ++groups;
            const auto id = cloudsim::estate_id(*inv, group);
            const auto it = sink->records.find(id);
            ASSERT_NE(it, sink->records.end()) << id;
            const auto& cols = std::get<inventory::container_columns>(it->second.columns);
            EXPECT_TRUE(states.count(cols.state)) << cols.state;
            EXPECT_FALSE(cols.images.empty());
            EXPECT_NE(it->second.raw.find("\"restartPolicy\""), std::string::npos);
        }
    }
    EXPECT_EQ(sink->records.size(), groups);
    EXPECT_EQ(sim.stats().count("containerGroups"), group_pages);
}

// A 403 on one subscription: that scope fails naming it; the others are delivered.
TEST_F(ResourcesCollectorSim, ForbiddenSubscriptionFailsOnlyItsScope) {
    const auto inv = sim.inventory_snapshot();
    const auto denied = inv->subscription_id(1);
    sim.add_fault({cloudsim::fault_kind::forbidden, denied + "/", 1000});
    auto collector = make<storage_collector, storage_collector_options>();
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, denied);
    EXPECT_NE(sink->failed_scopes[0].second.find("HTTP 403"), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(test::sorted(sink->completed_scopes),
              test::sorted({inv->subscription_id(0), inv->subscription_id(2)}));
    EXPECT_FALSE(sink->records.empty());
    for (const auto& [id, scope] : sink->scope_of)
        EXPECT_NE(scope, denied) << id;
}

// A container list that is not JSON fails that subscription, even after its
// accounts were written (the sink discards what a failed scope wrote).
TEST_F(ResourcesCollectorSim, MalformedContainerPageFailsItsScope) {
    const auto inv = sim.inventory_snapshot();
    sim.add_fault(
        {cloudsim::fault_kind::malformed_json, inv->subscription_id(2) + "/resourceGroups", 1});
    auto collector = make<storage_collector, storage_collector_options>();
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, inv->subscription_id(2));
    EXPECT_NE(sink->failed_scopes[0].second.find("/blobServices/default/containers"),
              std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sink->completed_scopes.size(), 2u);
}

// A truncated body (the connection closes mid-page) fails the scope too.
TEST_F(ResourcesCollectorSim, TruncatedPageFailsItsScope) {
    const auto inv = sim.inventory_snapshot();
    sim.add_fault({cloudsim::fault_kind::cut_body,
                   inv->subscription_id(0) + "/providers/Microsoft.Network/virtualNetworks", 10});
    auto collector = make<network_collector, network_collector_options>();
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, inv->subscription_id(0));
    EXPECT_EQ(sink->completed_scopes.size(), 2u);
}

TEST_F(ResourcesCollectorSim, RejectUnusableOptions) {
    storage_collector_options s;
    s.management_endpoint = sim.base_url();
    s.subscriptions = {"not a guid"};
    EXPECT_THROW(storage_collector(common::default_engine(http_client), credential, s),
                 options_error);
    network_collector_options n;
    n.management_endpoint = "ftp://x";
    EXPECT_THROW(network_collector(common::default_engine(http_client), credential, n),
                 options_error);
    container_collector_options c;
    c.management_endpoint = sim.base_url();
    c.batch_size = 0;
    EXPECT_THROW(container_collector(common::default_engine(http_client), credential, c),
                 options_error);
}

} // namespace
} // namespace cloudsync::collectors::azure
