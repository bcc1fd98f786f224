// The estate lists (storage accounts and blob containers, virtual networks,
// container groups, metric alert rules, fired alerts): shapes against the
// official examples, paging, and mutations.
#include "cloudsim/sim_fixture.hpp"

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

// Keys the issue needs that the REST spec defines but the official example
// happens not to show (StorageAccountProperties, ContainerGroupProperties,
// the ARM resource `name` of a metric alert).
const std::set<std::string> spec_only_keys = {"publicNetworkAccess", "minimumTlsVersion", "allowBlobPublicAccess",
                                              "restartPolicy", "name"};

// Every key we send, at every depth, exists in the official example (objects
// of arrays are compared with the example's first element; "tags" is a
// free-form map); `extra` lists the spec-only keys allowed.
void expect_shape(const json::value& ours, const json::value& official, const std::string& where,
                  const std::set<std::string>& extra = {}) {
    if (ours.is_object() && official.is_object()) {
        for (const auto& kv : ours.as_object()) {
            const std::string key(kv.key());
            const auto* theirs = official.as_object().if_contains(key);
            if (theirs == nullptr) {
                EXPECT_TRUE(extra.count(key)) << where << " has unofficial key " << key;
                continue;
            }
            if (key != "tags") expect_shape(kv.value(), *theirs, where + "." + key, extra);
        }
    } else if (ours.is_array() && official.is_array() && !official.as_array().empty()) {
        for (const auto& item : ours.as_array()) expect_shape(item, official.as_array().front(), where + "[]", extra);
    }
}

class EstateTest : public sim_test {
protected:
    EstateTest() : sim_test(estate_options()) {}
    static options estate_options() {
        auto o = sim_options(2, 30, 2);
        o.inventory.storage_accounts_per_subscription = 5;
        o.inventory.virtual_networks_per_subscription = 4;
        o.inventory.container_groups_per_subscription = 3;
        o.inventory.metric_alerts_per_subscription = 6;
        o.inventory.fired_alerts_per_subscription = 6;
        o.inventory.containers_per_storage_account = 3;
        return o;
    }
    listed list(std::uint32_t s, const std::string& type, const std::string& version) {
        return list_all(list_path(s, type, version));
    }
};

TEST_F(EstateTest, StorageAccountsInOfficialShapeAndPaged) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official = read_fixture("storage.storageAccounts.list.json").at("value");
    const auto all = list(0, "Microsoft.Storage/storageAccounts", "2025-08-01");
    ASSERT_EQ(all.items.size(), 5u);
    EXPECT_EQ(all.pages, 3u);
    std::set<std::string> names, access, tls;
    for (const auto& a : all.items) {
        // The richest official account (index 2: encryption with Key Vault, networkAcls).
        expect_shape(a, official.at(2), "storageAccount", spec_only_keys);
        for (const auto& key : {"publicNetworkAccess", "minimumTlsVersion", "allowBlobPublicAccess"}) {
            EXPECT_TRUE(a.at("properties").as_object().contains(key));
        }
        EXPECT_TRUE(a.at("properties").at("supportsHttpsTrafficOnly").is_bool());
        names.emplace(a.at("name").as_string());
        access.emplace(a.at("properties").at("publicNetworkAccess").as_string());
        const std::string id(a.at("id").as_string());
        EXPECT_EQ(id.rfind("/subscriptions/" + subscription(0) + "/resourceGroups/", 0), 0u) << id;
    }
    EXPECT_EQ(names.size(), 5u);
    EXPECT_EQ(sim.stats().count("storageAccounts"), 3u);
}

TEST_F(EstateTest, BlobContainersPerAccountWithPublicAccess) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official = read_fixture("storage.blobContainers.list.json").at("value").at(0);
    const auto accounts = list(1, "Microsoft.Storage/storageAccounts", "2025-08-01");
    std::set<std::string> levels;
    for (const auto& a : accounts.items) {
        const std::string path = std::string(a.at("id").as_string()) + "/blobServices/default/containers?api-version=2025-08-01";
        const auto containers = list_all(path);
        ASSERT_EQ(containers.items.size(), 3u);
        EXPECT_EQ(containers.pages, 2u);
        for (const auto& c : containers.items) {
            expect_shape(c, official, "blobContainer");
            EXPECT_EQ(keys_of(c), keys_of(official));
            levels.emplace(c.at("properties").at("publicAccess").as_string());
            EXPECT_EQ(std::string(c.at("id").as_string()).rfind(std::string(a.at("id").as_string()), 0), 0u);
        }
    }
    EXPECT_GE(levels.size(), 2u);
    EXPECT_EQ(sim.stats().count("blobContainers"), 10u);
    const auto missing = arm_get("/subscriptions/" + subscription(1) + "/resourceGroups/rg-x/providers/"
                                 "Microsoft.Storage/storageAccounts/nosuch/blobServices/default/containers?api-version=2025-08-01");
    EXPECT_EQ(missing.result_int(), 404);
    EXPECT_EQ(parse_json(missing.body()).at("error").at("code"), "ResourceNotFound");
}

TEST_F(EstateTest, VirtualNetworksEmbedSubnets) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official = read_fixture("network.virtualNetworks.listAll.json").at("value").at(0);
    const auto all = list(0, "Microsoft.Network/virtualNetworks", "2025-09-01");
    ASSERT_EQ(all.items.size(), 4u);
    std::size_t subnets = 0;
    for (const auto& n : all.items) {
        expect_shape(n, official, "virtualNetwork");
        EXPECT_FALSE(n.at("properties").at("addressSpace").at("addressPrefixes").as_array().empty());
        for (const auto& s : n.at("properties").at("subnets").as_array()) {
            ++subnets;
            EXPECT_EQ(std::string(s.at("id").as_string()).rfind(std::string(n.at("id").as_string()) + "/subnets/", 0), 0u);
            EXPECT_FALSE(s.at("properties").at("addressPrefix").as_string().empty());
        }
    }
    EXPECT_GT(subnets, 0u);
}

TEST_F(EstateTest, ContainerGroupsInOfficialShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official = read_fixture("containerinstance.containerGroups.list.json").at("value").at(0);
    const auto all = list(1, "Microsoft.ContainerInstance/containerGroups", "2026-05-01");
    ASSERT_EQ(all.items.size(), 3u);
    for (const auto& g : all.items) {
        expect_shape(g, official, "containerGroup", spec_only_keys);
        const auto& p = g.at("properties");
        EXPECT_FALSE(p.at("containers").at(0).at("properties").at("image").as_string().empty());
        EXPECT_TRUE(p.as_object().contains("osType"));
        EXPECT_TRUE(p.as_object().contains("restartPolicy"));
        EXPECT_TRUE(p.as_object().contains("provisioningState"));
    }
}

TEST_F(EstateTest, MetricAlertsAndFiredAlerts) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official_rule = read_fixture("monitor.metricAlerts.listBySubscription.json").at("value").at(0);
    const auto official_alert = read_fixture("alertsmanagement.alerts.getAll.json").at("value").at(0);
    const auto rules = list(0, "Microsoft.Insights/metricAlerts", "2018-03-01");
    ASSERT_EQ(rules.items.size(), 6u);
    std::set<std::string> rule_ids;
    std::size_t unnamed = 0;
    for (const auto& r : rules.items) {
        expect_shape(r, official_rule, "metricAlert", {"name"});
        unnamed += r.as_object().contains("name") ? 0 : 1;
        rule_ids.emplace(r.at("id").as_string());
        EXPECT_FALSE(r.at("properties").at("scopes").as_array().empty());
    }
    EXPECT_EQ(unnamed, 2u); // rules 1 and 4
    const auto alerts = list(0, "Microsoft.AlertsManagement/alerts", "2019-03-01");
    ASSERT_EQ(alerts.items.size(), 6u);
    std::size_t orphans = 0;
    for (const auto& a : alerts.items) {
        expect_shape(a, official_alert, "alert");
        const auto& e = a.at("properties").at("essentials");
        orphans += rule_ids.count(std::string(e.at("alertRule").as_string())) ? 0 : 1;
        const auto condition = e.at("monitorCondition").as_string();
        EXPECT_TRUE(condition == "Fired" || condition == "Resolved");
        EXPECT_FALSE(e.at("startDateTime").as_string().empty());
        EXPECT_EQ(std::string(e.at("severity").as_string()).substr(0, 3), "Sev");
    }
    EXPECT_GE(orphans, 2u); // alerts 2 and 5 name rules that do not exist
    EXPECT_LT(orphans, 6u);
}

TEST_F(EstateTest, MutationsTouchEveryKind) {
    const auto before_accounts = list(0, "Microsoft.Storage/storageAccounts", "2025-08-01").items;
    const auto before_alerts = list(0, "Microsoft.AlertsManagement/alerts", "2019-03-01").items;
    const auto summary = sim.mutate({.seed = 4, .add_share = 0.1, .change_share = 0.1, .remove_share = 0.1});
    for (const auto& kind : {"storageAccounts", "virtualNetworks", "containerGroups", "metricAlerts", "alerts"}) {
        const auto& c = summary.estate.at(kind);
        EXPECT_EQ(c.added, 2u) << kind;
        EXPECT_EQ(c.removed, 2u) << kind;
        EXPECT_EQ(c.changed, 2u) << kind;
    }
    const auto after_accounts = list(0, "Microsoft.Storage/storageAccounts", "2025-08-01").items;
    EXPECT_EQ(after_accounts.size(), before_accounts.size()); // one added, one removed
    std::map<std::string, std::string> before, after;
    for (const auto& a : before_accounts) before[std::string(a.at("id").as_string())] = json::serialize(a);
    for (const auto& a : after_accounts) after[std::string(a.at("id").as_string())] = json::serialize(a);
    std::size_t removed = 0, changed = 0, added = 0;
    for (const auto& [id, body] : before) {
        if (!after.count(id)) ++removed;
        else if (after[id] != body) ++changed;
    }
    for (const auto& [id, body] : after) added += before.count(id) ? 0 : 1;
    EXPECT_EQ(removed, 1u);
    EXPECT_EQ(changed, 1u);
    EXPECT_EQ(added, 1u);
    EXPECT_NE(list(0, "Microsoft.AlertsManagement/alerts", "2019-03-01").items, before_alerts);
    // Deterministic: a twin with the same seed and mutation renders the same.
    server twin(estate_options());
    twin.mutate({.seed = 4, .add_share = 0.1, .change_share = 0.1, .remove_share = 0.1});
    EXPECT_EQ(twin.inventory_snapshot()->live_items(estate_kind::storage_account, 0),
              sim.inventory_snapshot()->live_items(estate_kind::storage_account, 0));
}

TEST_F(EstateTest, ZeroSizedKindsStayEmpty) {
    auto o = estate_options().inventory;
    o.storage_accounts_per_subscription = 0;
    sim.set_inventory(o);
    sim.mutate({.seed = 2, .add_share = 0.5});
    EXPECT_TRUE(list(0, "Microsoft.Storage/storageAccounts", "2025-08-01").items.empty());
}

} // namespace
} // namespace cloudsync::cloudsim::testing
