// Every table kind's own columns through the COPY write path: values, NULLs of
// optional bools and timestamps, empty arrays, the `changes` diff of each
// kind, and a networks run owning both networks and subnets.
#include "fixture.hpp"

#include <boost/json/parse.hpp>

namespace cloudsync::store::test {
namespace {

inv::record base(const std::string& id) {
    inv::record r;
    r.native_id = "/subscriptions/s1/resourceGroups/rg/providers/" + id;
    r.name = id.substr(id.rfind('/') + 1);
    r.region = "westeurope";
    r.raw = R"({"id":")" + r.native_id + R"("})";
    return r;
}

class Kinds : public store_test {
protected:
    inv::run_counts sync_kind(inv::collector_kind kind, std::vector<inv::record> records) {
        auto s = scope();
        s.kind = kind;
        return sync({std::move(records)}, s);
    }
    // The `fields` of the latest change of `native_id`, parsed.
    boost::json::value diff_of(const std::string& native_id) {
        return boost::json::parse(scalar("SELECT fields::text FROM cloudsync.changes WHERE "
                                         "native_id = '" + native_id + "' ORDER BY run_id DESC "
                                         "LIMIT 1"));
    }
};

TEST_F(Kinds, StorageTypedColumnsAndNulls) {
    auto account = base("Microsoft.Storage/storageAccounts/acct1");
    account.columns = inv::storage_columns{"storage_account", false, true, std::nullopt};
    auto container = base("Microsoft.Storage/storageAccounts/acct1/blobServices/default/"
                          "containers/c1");
    container.columns = inv::storage_columns{"blob_container", true, std::nullopt, std::nullopt};
    EXPECT_EQ(sync_kind(inv::collector_kind::storage, {account, container}).added, 2);
    EXPECT_EQ(scalar("SELECT string_agg(type || ':' || coalesce(public_access::text, 'null') || "
                     "',' || coalesce(encrypted::text, 'null') || ',' || "
                     "coalesce(versioning::text, 'null'), ' ' ORDER BY type) FROM cloudsync.storage"),
              "blob_container:true,null,null storage_account:false,true,null");

    account.columns = inv::storage_columns{"storage_account", true, true, false};
    auto counts = sync_kind(inv::collector_kind::storage, {account, container});
    EXPECT_EQ(counts.modified, 1);
    auto d = diff_of(account.native_id);
    EXPECT_EQ(d.at("public_access").at("old"), false);
    EXPECT_EQ(d.at("public_access").at("new"), true);
    EXPECT_TRUE(d.at("versioning").at("old").is_null());
    EXPECT_EQ(d.at("versioning").at("new"), false);
    EXPECT_EQ(d.as_object().size(), 2u) << d;
    EXPECT_EQ(sync_kind(inv::collector_kind::storage, {account, container}).modified, 0);
}

TEST_F(Kinds, NetworksAndSubnetsInOneRunDeleteUnseenInBoth) {
    auto vnet = base("Microsoft.Network/virtualNetworks/v1");
    vnet.columns = inv::network_columns{{"10.0.0.0/16", "fd00::/48"}};
    auto empty = base("Microsoft.Network/virtualNetworks/v2");
    empty.columns = inv::network_columns{};
    auto sub1 = base("Microsoft.Network/virtualNetworks/v1/subnets/a");
    sub1.columns = inv::subnet_columns{vnet.native_id, "10.0.1.0/24"};
    auto sub2 = base("Microsoft.Network/virtualNetworks/v1/subnets/b");
    sub2.columns = inv::subnet_columns{vnet.native_id, ""}; // no prefix: NULL
    auto counts = sync_kind(inv::collector_kind::networks, {vnet, empty, sub1, sub2});
    EXPECT_EQ(counts.added, 4);
    EXPECT_EQ(scalar("SELECT string_agg(name || '=' || cidrs::text, ' ' ORDER BY name) FROM "
                     "cloudsync.networks"),
              "v1={10.0.0.0/16,fd00::/48} v2={}");
    EXPECT_EQ(scalar("SELECT string_agg(name || '=' || coalesce(cidr::text, 'null') || '@' || "
                     "(network_id = '" + vnet.native_id + "')::text, ' ' ORDER BY name) FROM "
                     "cloudsync.subnets"),
              "a=10.0.1.0/24@true b=null@true");

    vnet.columns = inv::network_columns{{"10.0.0.0/16", "10.9.0.0/16"}};
    sub1.columns = inv::subnet_columns{vnet.native_id, "10.0.2.0/24"};
    counts = sync_kind(inv::collector_kind::networks, {vnet, sub1}); // v2 and b gone
    EXPECT_EQ(counts.modified, 2);
    EXPECT_EQ(counts.removed, 2);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.networks"), "1");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.subnets"), "1");
    EXPECT_EQ(scalar("SELECT string_agg(table_name || ':' || native_id, ',' ORDER BY table_name) "
                     "FROM cloudsync.changes WHERE change = 'removed'"),
              "networks:" + empty.native_id + ",subnets:" + sub2.native_id);
    auto d = diff_of(vnet.native_id);
    EXPECT_EQ(d.at("cidrs").at("new").as_array().size(), 2u) << d;
    EXPECT_EQ(d.at("cidrs").at("new").as_array()[1], "10.9.0.0/16");
    EXPECT_EQ(diff_of(sub1.native_id).at("cidr").at("old"), "10.0.1.0/24");
}

TEST_F(Kinds, ContainersStateAndImages) {
    auto group = base("Microsoft.ContainerInstance/containerGroups/g1");
    group.columns = inv::container_columns{"Running", {"nginx:1.25", "mcr.microsoft.com/x:1"}};
    auto bare = base("Microsoft.ContainerInstance/containerGroups/g2");
    bare.columns = inv::container_columns{"", {}};
    EXPECT_EQ(sync_kind(inv::collector_kind::containers, {group, bare}).added, 2);
    EXPECT_EQ(scalar("SELECT string_agg(name || ':' || state || ':' || images::text, ' ' "
                     "ORDER BY name) FROM cloudsync.containers"),
              "g1:Running:{nginx:1.25,mcr.microsoft.com/x:1} g2::{}");
    group.columns = inv::container_columns{"Stopped", {"nginx:1.25"}};
    EXPECT_EQ(sync_kind(inv::collector_kind::containers, {group, bare}).modified, 1);
    auto d = diff_of(group.native_id);
    EXPECT_EQ(d.at("state").at("old"), "Running");
    EXPECT_EQ(d.at("state").at("new"), "Stopped");
    EXPECT_EQ(d.at("images").at("new").as_array().size(), 1u);
    EXPECT_EQ(d.as_object().size(), 2u) << d;
}

TEST_F(Kinds, AlertsColumnsNullsAndConditionDiff) {
    auto rule = base("Microsoft.Insights/metricAlerts/high-cpu");
    inv::alert_columns c;
    c.state = inv::alert_state::ok;
    c.severity = "Sev2";
    c.enabled = true;
    c.target_ids = {"/subscriptions/s1/vm1"};
    c.condition = R"({"allOf":[{"metricName":"Percentage CPU","threshold":80}],"window":"PT5M"})";
    rule.columns = c;
    auto orphan = base("Microsoft.AlertsManagement/alerts/a1");
    orphan.columns = inv::alert_columns{}; // unknown, no enabled, no targets, {} condition
    EXPECT_EQ(sync_kind(inv::collector_kind::alerts, {rule, orphan}).added, 2);
    EXPECT_EQ(scalar("SELECT string_agg(name || ':' || state || ':' || severity || ':' || "
                     "coalesce(enabled::text, 'null') || ':' || target_ids::text || ':' || "
                     "condition::text || ':' || coalesce(state_changed_at::text, 'null'), ' ' "
                     "ORDER BY name) FROM cloudsync.alerts"),
              "a1:unknown::null:{}:{}:null high-cpu:ok:Sev2:true:{/subscriptions/s1/vm1}:"
              R"({"allOf": [{"threshold": 80, "metricName": "Percentage CPU"}], "window": "PT5M"})"
              ":null");

    c.state = inv::alert_state::firing;
    c.state_changed_at = std::chrono::system_clock::time_point(
        std::chrono::microseconds(1714567890123456LL));
    c.condition = R"({"allOf":[{"metricName":"Percentage CPU","threshold":90}],"window":"PT5M"})";
    rule.columns = c;
    EXPECT_EQ(sync_kind(inv::collector_kind::alerts, {rule, orphan}).modified, 1);
    EXPECT_EQ(scalar("SELECT to_char(state_changed_at AT TIME ZONE 'UTC', "
                     "'YYYY-MM-DD HH24:MI:SS.US') FROM cloudsync.alerts WHERE name = 'high-cpu'"),
              "2024-05-01 12:51:30.123456");
    auto d = diff_of(rule.native_id);
    EXPECT_EQ(d.at("state").at("old"), "ok");
    EXPECT_EQ(d.at("state").at("new"), "firing");
    EXPECT_TRUE(d.at("state_changed_at").at("old").is_null());
    EXPECT_EQ(d.at("condition").at("allOf").at("new").as_array()[0].at("threshold"), 90);
    EXPECT_FALSE(d.at("condition").as_object().contains("window")) << d;
    EXPECT_EQ(d.as_object().size(), 3u) << d;
}

} // namespace
} // namespace cloudsync::store::test
