// Compute instance pages: the official aggregatedList capture (scopes, warnings,
// Windows and Linux boot disks, labels, a public address), the paged zonal list,
// an empty zone, incomplete pages, status and OS normalization, and pages that
// must be refused.
#include "collectors/gcp/instance_page.hpp"
#include "collectors/gcp/resource_name.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::gcp {
namespace {

constexpr std::string_view aggregated_url =
    "https://compute.googleapis.com/compute/v1/projects/gcpdiag-gce1-aaaa/aggregated/"
    "instances?maxResults=500&returnPartialSuccess=true";
constexpr std::string_view zonal_url = "https://compute.googleapis.com/compute/v1/projects/"
                                       "gcpdiag-gce1-aaaa/zones/europe-west1-b/instances";
const std::string project = "//compute.googleapis.com/projects/gcpdiag-gce1-aaaa";

const inventory::vm_columns& vm(const inventory::record& rec) {
    return std::get<inventory::vm_columns>(rec.columns);
}

using ips = std::vector<std::string>;

TEST(GcpInstancePage, ParsesOfficialAggregatedList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("compute/instances.aggregatedList.gcpdiag-gce1.json");
    const auto page = parse_instance_page(text, aggregated_url);
    EXPECT_FALSE(page.next_page_token);
    EXPECT_TRUE(page.complete);
    EXPECT_TRUE(page.unreachable.empty());
    ASSERT_EQ(page.warnings.size(), 134u); // every zone without instances
    for (const auto& w : page.warnings)
        EXPECT_EQ(w.code, "NO_RESULTS_ON_PAGE") << w.scope;
    EXPECT_EQ(page.warnings[0].scope, "zones/us-central1-a");

    ASSERT_EQ(page.items.size(), 6u);
    const std::vector<std::string> names{
        "gce1", "gce2", "mig-bzvx", "gke-gke1-default-pool-35923fbc-2xxp", "mig-l40g", "gce1"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& rec = page.items[i];
        const auto zone = i < 5 ? "europe-west4-a" : "europe-west4-b";
        EXPECT_EQ(rec.name, names[i]);
        EXPECT_EQ(rec.native_id, project + "/zones/" + zone + "/instances/" + names[i]);
        EXPECT_EQ(rec.region, "europe-west4");
        EXPECT_EQ(inventory::table_of(rec), inventory::table::vms);
        EXPECT_EQ(vm(rec).state, inventory::vm_state::running);
        EXPECT_EQ(vm(rec).native_state, "RUNNING");
        EXPECT_TRUE(vm(rec).public_ips.empty() || i == 3) << names[i];
    }
    const auto& gce1 = page.items[0];
    EXPECT_EQ(gce1.tags, R"({"foo":"bar"})");
    EXPECT_EQ(vm(gce1).size, "e2-micro");
    EXPECT_EQ(vm(gce1).os, "windows");
    EXPECT_EQ(vm(gce1).private_ips, ips{"10.164.0.4"});
    EXPECT_EQ(
        boost::json::parse(gce1.raw),
        boost::json::parse(text).at("items").at("zones/europe-west4-a").at("instances").at(0));
    EXPECT_EQ(page.items[1].tags, R"({"goog-terraform-provisioned":"true"})");
    EXPECT_EQ(vm(page.items[1]).os, "windows");
    EXPECT_EQ(vm(page.items[1]).private_ips, ips{"10.164.0.2"});
    EXPECT_EQ(page.items[2].tags, R"({"gcpdiag-test":"mig"})");
    EXPECT_EQ(vm(page.items[2]).os, "linux"); // debian-cloud license
    EXPECT_EQ(vm(page.items[2]).private_ips, ips{"10.164.0.6"});
    const auto& gke = page.items[3];
    EXPECT_EQ(gke.tags, R"({"gcp_doctor_test":"gke","goog-gke-node":""})");
    EXPECT_EQ(vm(gke).size, "e2-small");
    EXPECT_EQ(vm(gke).os, "linux"); // cos-cloud licenses, no WINDOWS feature
    EXPECT_EQ(vm(gke).private_ips, ips{"10.132.0.5"});
    EXPECT_EQ(vm(gke).public_ips, ips{"34.78.171.82"});
    EXPECT_EQ(vm(page.items[4]).os, "linux");
    EXPECT_EQ(vm(page.items[4]).private_ips, ips{"10.164.0.5"});
    const auto& gce1b = page.items[5];
    EXPECT_EQ(gce1b.tags, R"({"goog-terraform-provisioned":"true"})");
    EXPECT_EQ(vm(gce1b).size, "f1-micro");
    EXPECT_EQ(vm(gce1b).os, "windows");
    EXPECT_EQ(vm(gce1b).private_ips, ips{"10.164.0.3"});
}

TEST(GcpInstancePage, ParsesOfficialZonalPagesAndFollowsTheToken) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto first =
        parse_instance_page(test::gcp_fixture("compute/instances.list.page1.gcpdiag-gce1.json"),
                            std::string(zonal_url) + "?maxResults=3");
    ASSERT_TRUE(first.next_page_token);
    EXPECT_EQ(*first.next_page_token,
              "ClgI-fiQw4y09wI6TQoCGAMKAyC1EAoCGAIKByDg3fmMvREKAhgHCiUqI2drZS1na2UxLWRlZmF1bHQtcG9v"
              "bC0zNTkyM2ZiYy1mdjUwCgog_eGW5vvZmIcC");
    EXPECT_TRUE(first.complete);
    EXPECT_TRUE(first.warnings.empty());
    ASSERT_EQ(first.items.size(), 3u);
    const std::vector<std::pair<std::string, std::string>> expected{
        {"gke-gke1-default-pool-35923fbc-2xxp", "10.132.0.5/34.78.171.82"},
        {"gke-gke1-default-pool-35923fbc-c12f", "10.132.0.3/34.76.115.182"},
        {"gke-gke1-default-pool-35923fbc-fv50", "10.132.0.4/35.205.62.74"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& rec = first.items[i];
        EXPECT_EQ(rec.native_id, project + "/zones/europe-west1-b/instances/" + expected[i].first);
        EXPECT_EQ(rec.name, expected[i].first);
        EXPECT_EQ(rec.region, "europe-west1");
        EXPECT_EQ(rec.tags, R"({"gcp_doctor_test":"gke","goog-gke-node":""})");
        EXPECT_EQ(vm(rec).size, "e2-small");
        EXPECT_EQ(vm(rec).os, "linux");
        EXPECT_EQ(vm(rec).private_ips[0] + "/" + vm(rec).public_ips[0], expected[i].second);
    }
    const auto second = parse_instance_page(
        test::gcp_fixture("compute/instances.list.page2.gcpdiag-gce1.json"), zonal_url);
    EXPECT_FALSE(second.next_page_token);
    ASSERT_EQ(second.items.size(), 1u);
    EXPECT_EQ(second.items[0].name, "gke-gke1-default-pool-35923fbc-k05c");
    EXPECT_EQ(vm(second.items[0]).private_ips, ips{"10.132.0.2"});
    EXPECT_EQ(vm(second.items[0]).public_ips, ips{"34.79.110.136"});
}

TEST(GcpInstancePage, EmptyZoneHasNoItems) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto page = parse_instance_page(
        test::gcp_fixture("compute/instances.list.empty-zone.gcpdiag-gce1.json"), zonal_url);
    EXPECT_TRUE(page.items.empty());
    EXPECT_FALSE(page.next_page_token);
    EXPECT_TRUE(page.complete);
}

TEST(GcpInstancePage, MetadataValuesStayOutOfRaw) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("compute/instances.list.page1.gcpdiag-gce1.json");
    const auto page = parse_instance_page(text, zonal_url);
    auto expected = boost::json::parse(text).at("items").at(0);
    for (auto& entry : expected.at("metadata").at("items").as_array())
        entry.as_object().erase("value");
    const auto raw = boost::json::parse(page.items[0].raw);
    EXPECT_EQ(raw, expected);
    EXPECT_EQ(raw.at("metadata").at("items").at(15).at("key"), "kube-env");
    EXPECT_EQ(page.items[0].raw.find("\"value\""), std::string::npos);
}

TEST(GcpInstancePage, UnreachableZonesMakeThePageIncomplete) {
    const auto page = parse_instance_page(R"({
      "items": {
        "zones/us-east1-b": {"instances": [{
            "selfLink": "https://www.googleapis.com/compute/v1/projects/p1/zones/us-east1-b/instances/a",
            "id": "1", "name": "a", "status": "STAGING"}]},
        "zones/us-east1-c": {"warning": {"code": "UNREACHABLE", "message": "zone down",
                             "data": [{"key": "scope", "value": "zones/us-east1-c"}]}},
        "zones/us-east1-d": {"warning": {"code": "NO_RESULTS_ON_PAGE", "message": "none"}},
        "zones/us-east1-e": {"warning": {"code": "SOMETHING_NEW"}}
      },
      "unreachables": ["zones/asia-east2-a"],
      "nextPageToken": "tok"})",
                                          aggregated_url);
    EXPECT_FALSE(page.complete);
    EXPECT_EQ(page.unreachable,
              (std::vector<std::string>{"zones/us-east1-c", "zones/asia-east2-a"}));
    ASSERT_EQ(page.warnings.size(), 3u);
    EXPECT_EQ(page.warnings[0].scope, "zones/us-east1-c");
    EXPECT_EQ(page.warnings[0].code, "UNREACHABLE");
    EXPECT_EQ(page.warnings[0].message, "zone down");
    EXPECT_EQ(page.warnings[2].code, "SOMETHING_NEW"); // kept, harmless
    EXPECT_EQ(page.next_page_token, "tok");
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].native_id,
              "//compute.googleapis.com/projects/p1/zones/us-east1-b/instances/a");
    EXPECT_EQ(vm(page.items[0]).state, inventory::vm_state::starting);
    EXPECT_EQ(vm(page.items[0]).os, "");
    EXPECT_EQ(page.items[0].tags, "{}");
}

TEST(GcpInstancePage, ListLevelWarningsCount) {
    const auto partial = parse_instance_page(
        R"({"warning": {"code": "PARTIAL_SUCCESS", "message": "m"}, "items": []})", zonal_url);
    EXPECT_FALSE(partial.complete);
    EXPECT_TRUE(partial.unreachable.empty());
    ASSERT_EQ(partial.warnings.size(), 1u);
    EXPECT_EQ(partial.warnings[0].scope, "");
    const auto scoped = parse_instance_page(
        R"({"warning": {"code": "UNREACHABLE", "data": [{"key": "scope", "value": "zones/x-y"}]}})",
        aggregated_url);
    EXPECT_EQ(scoped.unreachable, std::vector<std::string>{"zones/x-y"});
    const auto fine = parse_instance_page(
        R"({"warning": {"code": "NO_RESULTS_ON_PAGE"}, "nextPageToken": ""})", zonal_url);
    EXPECT_TRUE(fine.complete);
    EXPECT_FALSE(fine.next_page_token); // empty is the last page
}

TEST(GcpInstancePage, AddressesOfEveryInterfaceAndIpv6) {
    const auto page = parse_instance_page(R"({"items": [{
        "selfLink": "projects/p1/zones/europe-west4-a/instances/two-nics",
        "machineType": "zones/europe-west4-a/machineTypes/n2-standard-4",
        "networkInterfaces": [
          {"networkIP": "10.0.0.2", "accessConfigs": [{"natIP": "203.0.113.7"}, {"name": "no ip"}]},
          {"networkIP": "10.1.0.2", "ipv6Address": "fd20::2",
           "ipv6AccessConfigs": [{"externalIpv6": "2600:1900::1"}]}]}]})",
                                          zonal_url);
    ASSERT_EQ(page.items.size(), 1u);
    const auto& columns = vm(page.items[0]);
    EXPECT_EQ(page.items[0].name, "two-nics"); // from the id
    EXPECT_EQ(columns.size, "n2-standard-4");
    EXPECT_EQ(columns.private_ips, (ips{"10.0.0.2", "10.1.0.2", "fd20::2"}));
    EXPECT_EQ(columns.public_ips, (ips{"203.0.113.7", "2600:1900::1"}));
    EXPECT_EQ(columns.state, inventory::vm_state::unknown);
    EXPECT_EQ(columns.native_state, "");
}

TEST(GcpInstancePage, StatusNormalization) {
    using inventory::vm_state;
    const std::vector<std::pair<std::string, vm_state>> cases{{"RUNNING", vm_state::running},
                                                              {"PROVISIONING", vm_state::starting},
                                                              {"STAGING", vm_state::starting},
                                                              {"STOPPING", vm_state::stopping},
                                                              {"SUSPENDING", vm_state::stopping},
                                                              {"TERMINATED", vm_state::stopped},
                                                              {"STOPPED", vm_state::stopped},
                                                              {"SUSPENDED", vm_state::stopped},
                                                              {"REPAIRING", vm_state::unknown},
                                                              {"DEPROVISIONING", vm_state::unknown},
                                                              {"", vm_state::unknown},
                                                              {"running", vm_state::running}};
    for (const auto& [status, state] : cases)
        EXPECT_EQ(normalize_instance_status(status), state) << status;
}

std::string os_of(const std::string& instance) {
    const auto value = boost::json::parse(instance);
    return instance_os(value.as_object(), detail::location("https://x/instances"));
}

TEST(GcpInstancePage, OsFromTheBootDisk) {
    constexpr auto lic = "https://www.googleapis.com/compute/v1/projects/";
    const auto disk = [&](std::string boot, std::string licenses, std::string features) {
        return R"({"disks":[{"boot":false,"licenses":[")" + std::string(lic) +
               R"(windows-cloud/global/licenses/w"]},{"boot":)" + boot + R"(,"licenses":[)" +
               licenses + R"(],"guestOsFeatures":[)" + features + "]}]}";
    };
    const auto url = [&](std::string project) {
        return "\"" + std::string(lic) + project + "/global/licenses/l\"";
    };
    EXPECT_EQ(os_of(disk("true", url("ubuntu-os-cloud"), "")), "linux");
    EXPECT_EQ(os_of(disk("true", url("rhel-cloud"), R"({"type":"UEFI_COMPATIBLE"})")), "linux");
    EXPECT_EQ(os_of(disk("true", url("windows-sql-cloud"), "")), "windows");
    EXPECT_EQ(os_of(disk("true", "", R"({"type":"WINDOWS"})")), "windows");
    EXPECT_EQ(os_of(disk("true", url("my-images"), "")), "");     // a custom image says nothing
    EXPECT_EQ(os_of(disk("false", url("debian-cloud"), "")), ""); // no boot disk
    EXPECT_EQ(os_of(R"({"disks":[]})"), "");
    EXPECT_EQ(os_of("{}"), "");
    EXPECT_THROW(os_of(disk("true", "5", "")), page_error);
    EXPECT_THROW(os_of(disk("true", "", "\"WINDOWS\"")), page_error);
    EXPECT_THROW(os_of(R"({"disks":[{"boot":"yes"}]})"), page_error);
}

TEST(GcpInstancePage, MalformedPagesAreRefused) {
    const std::string link = R"("selfLink":"projects/p/zones/z-a/instances/i")";
    const auto one = [&](const std::string& members) {
        return R"({"items":{"zones/z-a":{"instances":[{)" + link + members + "}]}}}";
    };
    for (const std::string& text :
         {std::string(""),
          std::string("{"),
          std::string("null"),
          std::string("[]"),
          std::string(R"({"items":"x"})"),
          std::string(R"({"items":5})"),
          std::string(R"({"items":{"zones/a":[]}})"),
          std::string(R"({"items":{"zones/a":{"instances":{}}}})"),
          std::string(R"({"items":{"zones/a":{"warning":"x"}}})"),
          std::string(R"({"items":{"zones/a":{"warning":{"code":5}}}})"),
          std::string(R"({"items":[{"name":"no link"}]})"),
          std::string(R"({"items":["x"]})"),
          std::string(R"({"items":[{"selfLink":5}]})"),
          std::string(R"({"items":[{"selfLink":"projects/p/global/networks/n"}]})"),
          std::string(R"({"items":[{"selfLink":"projects/p/zones//instances/i"}]})"),
          std::string(R"({"items":{"zones/other-b":{"instances":[{)" + link + "}]}}}"),
          one(R"(,"id":123)"),
          one(R"(,"name":["i"])"),
          one(R"(,"status":1)"),
          one(R"(,"machineType":{})"),
          one(R"(,"labels":["a"])"),
          one(R"(,"labels":{"a":1})"),
          one(R"(,"networkInterfaces":{})"),
          one(R"(,"networkInterfaces":["x"])"),
          one(R"(,"networkInterfaces":[{"networkIP":10}])"),
          one(R"(,"networkInterfaces":[{"accessConfigs":[{"natIP":false}]}])"),
          one(R"(,"disks":{})"),
          std::string(R"({"nextPageToken":5})"),
          std::string(R"({"unreachables":"zones/a"})"),
          std::string(R"({"unreachables":[1]})"),
          std::string(R"({"warning":{"code":"UNREACHABLE","data":[5]}})")}) {
        EXPECT_THROW(parse_instance_page(text, aggregated_url), page_error) << text;
    }
    // The same shapes with the right types parse.
    EXPECT_EQ(
        parse_instance_page(one(R"(,"id":"123","labels":{"a":"b"})"), aggregated_url).items.size(),
        1u);
}

TEST(GcpInstancePage, MessagesNameThePlaceAndNotTheQuery) {
    try {
        parse_instance_page(
            R"({"items":{"zones/z-a":{"instances":[{"selfLink":"projects/p/zones/z-a/instances/i","id":7}]}}})",
            aggregated_url);
        FAIL() << "no page_error";
    } catch (const page_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "malformed page from GET /compute/v1/projects/gcpdiag-gce1-aaaa/aggregated/"
                  "instances: items[\"zones/z-a\"].instances[0].id is not a string");
    }
}

TEST(GcpInstancePage, TruncatedOfficialPageIsRefused) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("compute/instances.aggregatedList.gcpdiag-gce1.json");
    for (const auto cut : {std::size_t(1), text.size() / 3, text.size() / 2, text.size() - 2})
        EXPECT_THROW(parse_instance_page(text.substr(0, cut), aggregated_url), page_error) << cut;
}

TEST(GcpResourceName, FromLinksOfEveryForm) {
    const std::string want = "//compute.googleapis.com/projects/p/zones/z-a/instances/i";
    for (const std::string& link : std::vector<std::string>{
             "https://www.googleapis.com/compute/v1/projects/p/zones/z-a/instances/i",
             "https://compute.googleapis.com/compute/beta/projects/p/zones/z-a/instances/i?x=1",
             "http://127.0.0.1:8080/compute/v1/projects/p/zones/z-a/instances/i",
             "projects/p/zones/z-a/instances/i", want})
        EXPECT_EQ(compute_resource_name(link, "projects/*/zones/*/instances/*"), want) << link;
    EXPECT_FALSE(compute_resource_name("projects/p/zones/z-a/instances/i/x",
                                       "projects/*/zones/*/instances/*"));
    EXPECT_FALSE(compute_resource_name("https://x/compute/v1/zones/z-a/instances/i",
                                       "projects/*/zones/*/instances/*"));
    EXPECT_EQ(segment_after(want, "zones"), "z-a");
    EXPECT_EQ(segment_after("projects/regions/regions/r1/subnetworks/s", "regions"), "r1");
    EXPECT_EQ(segment_after(want, "regions"), "");
    EXPECT_EQ(region_of_zone("europe-west4-a"), "europe-west4");
    EXPECT_EQ(region_of_zone("us-central1-ai1a"), "us-central1");
    EXPECT_EQ(region_of_zone("nodash"), "");
    EXPECT_EQ(region_of_zone("trailing-"), "");
}

} // namespace
} // namespace cloudsync::collectors::gcp
