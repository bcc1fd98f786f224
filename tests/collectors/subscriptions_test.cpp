#include "collectors/azure/subscriptions.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

TEST(SubscriptionsPage, ParsesOfficialExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto page = parse_subscriptions_page(
        test::azure_fixture("resources.subscriptions.list.json"),
        "https://management.azure.com/subscriptions?api-version=2022-12-01");
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].id, "/subscriptions/291bba3f-e0a5-47bc-a099-3bdcb2a50a05");
    EXPECT_EQ(page.items[0].subscription_id, "291bba3f-e0a5-47bc-a099-3bdcb2a50a05");
    EXPECT_EQ(page.items[0].display_name, "Example Subscription");
    EXPECT_EQ(page.items[0].state, "Enabled");
    EXPECT_EQ(page.items[1].subscription_id, "72ac930a-f34e-42d8-b06d-dc2a9e12ed71");
    EXPECT_EQ(page.items[1].display_name, "Example Subscription2");
    EXPECT_EQ(page.next_link, "http://nextlink");
}

TEST(SubscriptionsPage, ItemWithoutSubscriptionIdIsMalformed) {
    EXPECT_THROW(parse_subscriptions_page(R"({"value":[{"id":"/subscriptions/x"}]})",
                                          "https://m/subscriptions"),
                 page_error);
}

} // namespace
} // namespace cloudsync::collectors::azure
