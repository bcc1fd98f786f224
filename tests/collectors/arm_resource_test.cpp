// The fields every ARM resource shares, on the official ResourceGroups_Get
// example and on items every parser hands to arm_record().
#include "collectors/azure/arm_resource.hpp"
#include "collectors/errors.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view url =
    "https://management.azure.com/subscriptions/s/resourcegroups/my-resource-group?api-version=1";

TEST(ArmResource, ParsesOfficialResourceGroupGet) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto group =
        parse_arm_resource(test::azure_fixture("resources.resourceGroups.get.json"), url);
    EXPECT_EQ(
        group.id,
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-resource-group");
    EXPECT_EQ(group.name, "my-resource-group");
    EXPECT_EQ(group.location, "westus2");
    EXPECT_EQ(group.tags, "{}");
    EXPECT_EQ(group.type, "Microsoft.Resources/resourceGroups");
}

TEST(ArmResource, RecordFromAnItem) {
    const auto item = boost::json::parse(
        R"({"id":"/subscriptions/s/resourceGroups/r/providers/P/t/n1","location":"uksouth",
            "tags":{"env":"prod"},"properties":{"x":1.50}})");
    const auto rec = arm_record(item, 0, url);
    EXPECT_EQ(rec.native_id, "/subscriptions/s/resourceGroups/r/providers/P/t/n1");
    EXPECT_EQ(rec.name, "n1"); // no name: the id's last segment
    EXPECT_EQ(rec.region, "uksouth");
    EXPECT_EQ(boost::json::parse(rec.tags), boost::json::parse(R"({"env":"prod"})"));
    EXPECT_EQ(boost::json::parse(rec.raw), item);
    EXPECT_EQ(last_segment("no-slash"), "no-slash");
}

TEST(ArmResource, RefusesWhatIsNotAResource) {
    for (const std::string text : {"", "[1]", R"({"name":"x"})", R"({"id":7})", "{\"id\":\"/a\""}) {
        EXPECT_THROW(parse_arm_resource(text, url), page_error) << text;
    }
}

} // namespace
} // namespace cloudsync::collectors::azure
