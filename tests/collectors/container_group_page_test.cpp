// Container group pages: the official List example, state normalization, and
// pages that must be refused.
#include "collectors/azure/container_group_page.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view url =
    "https://management.azure.com/subscriptions/s/providers/"
    "Microsoft.ContainerInstance/containerGroups?api-version=2026-05-01";

const inventory::container_columns& columns(const inventory::record& rec) {
    return std::get<inventory::container_columns>(rec.columns);
}

TEST(ContainerGroupPage, ParsesOfficialList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::azure_fixture("containerinstance.containerGroups.list.json");
    const auto page = parse_container_group_page(text, url);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_FALSE(page.next_link);
    const auto& group = page.items[0];
    EXPECT_EQ(group.native_id, "/subscriptions/subid/resourceGroups/demo/providers/"
                               "Microsoft.ContainerInstance/containerGroups/demo1");
    EXPECT_EQ(group.name, "demo1");
    EXPECT_EQ(group.region, "WestUs"); // as the API spells it
    EXPECT_EQ(group.tags, "{}");
    EXPECT_EQ(inventory::table_of(group), inventory::table::containers);
    // No instanceView in a List answer: provisioningState Succeeded.
    EXPECT_EQ(columns(group).state, "succeeded");
    EXPECT_EQ(columns(group).images, std::vector<std::string>{"nginx"});
    // IP, OS type and the 1.5 GB memory stay in raw, unchanged.
    const auto raw = boost::json::parse(group.raw);
    EXPECT_EQ(raw, boost::json::parse(text).at("value").at(0));
    EXPECT_EQ(raw.at("properties").at("ipAddress").at("ip"), "10.0.0.1");
    EXPECT_EQ(raw.at("properties").at("osType"), "Linux");
}

TEST(ContainerGroupPage, InstanceViewStateWinsAndImagesKeepTheirOrder) {
    const auto page = parse_container_group_page(
        R"({"value":[{"id":"/g/x","properties":{"provisioningState":"Succeeded",
              "instanceView":{"state":"Running"},
              "containers":[{"name":"a","properties":{"image":"mcr.microsoft.com/a:1"}},
                            {"name":"b","properties":{}},
                            {"name":"c","properties":{"image":"c@sha256:00"}}]}}]})",
        url);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(columns(page.items[0]).state, "running");
    EXPECT_EQ(columns(page.items[0]).images,
              (std::vector<std::string>{"mcr.microsoft.com/a:1", "c@sha256:00"}));
}

TEST(ContainerGroupPage, NormalizesStates) {
    EXPECT_EQ(normalize_container_state("Running"), "running");
    EXPECT_EQ(normalize_container_state("STOPPED"), "stopped");
    EXPECT_EQ(normalize_container_state("Terminated"), "stopped");
    EXPECT_EQ(normalize_container_state("Pending"), "pending");
    EXPECT_EQ(normalize_container_state("Creating"), "pending");
    EXPECT_EQ(normalize_container_state("Succeeded"), "succeeded");
    EXPECT_EQ(normalize_container_state("Failed"), "failed");
    EXPECT_EQ(normalize_container_state("Canceled"), "failed");
    EXPECT_EQ(normalize_container_state("Deleting"), "deleting");
    EXPECT_EQ(normalize_container_state(""), "unknown");
    EXPECT_EQ(normalize_container_state("Hibernating"), "unknown");
}

TEST(ContainerGroupPage, MalformedPagesAreRefused) {
    for (const std::string text : {"", "{}", R"({"value":"x"})", R"({"value":[{"id":""}]})",
                                   R"({"value":[],"nextLink":{}})"}) {
        EXPECT_THROW(parse_container_group_page(text, url), page_error) << text;
    }
}

} // namespace
} // namespace cloudsync::collectors::azure
