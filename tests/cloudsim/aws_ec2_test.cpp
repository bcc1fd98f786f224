// EC2 in cloudsim: DescribeRegions, DescribeInstances, DescribeVpcs and
// DescribeSubnets in the fixtures' shapes, paging with opaque tokens that must
// be URL-encoded, MaxResults limits, the role rule and refused signatures in
// EC2's <Response><Errors> shape.
#include "cloudsim/aws_sim_fixture.hpp"
#include "cloudsim/aws_xml_shape.hpp"

#include "support/official_examples.hpp"

#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

using AwsEc2 = aws_sim_test;
using params = std::vector<std::pair<std::string, std::string>>;

params action(const std::string& name, params more = {}) {
    params p{{"Action", name}, {"Version", "2016-11-15"}};
    p.insert(p.end(), more.begin(), more.end());
    return p;
}

std::string fixture(const std::string& name) {
    return cloudsync::test::example_text("aws/" + name);
}

TEST_F(AwsEc2, DescribeRegionsListsTheEnabledRegions) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto r = client->query("ec2", "eu-west-1", action("DescribeRegions"));
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(xml_texts(r.body(), "regionName"),
              (std::vector<std::string>{"us-east-1", "eu-west-1"}));
    EXPECT_TRUE(xml_paths_beyond(r.body(), fixture("ec2.DescribeRegions.xml")).empty());
    EXPECT_NE(r.body().find("xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\""),
              std::string::npos);
}

TEST_F(AwsEc2, DescribeInstancesPagesWithOpaqueTokens) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    std::set<std::string> ids;
    std::string token;
    std::size_t pages = 0;
    do {
        params p = action("DescribeInstances", {{"MaxResults", "7"}});
        if (!token.empty())
            p.emplace_back("NextToken", token);
        const auto r = client->query("ec2", "us-east-1", p);
        ASSERT_EQ(r.result_int(), 200U) << r.body();
        ++pages;
        const auto page_ids = xml_texts(r.body(), "instanceId");
        EXPECT_LE(page_ids.size(), 7U);
        ids.insert(page_ids.begin(), page_ids.end());
        // Everything but these is in the official example.
        const std::set<std::string> allowed = {
            "/DescribeInstancesResponse/nextToken",
            "/DescribeInstancesResponse/reservationSet/item/instancesSet/item/platformDetails",
            "/DescribeInstancesResponse/reservationSet/item/instancesSet/item/platform",
            "/DescribeInstancesResponse/reservationSet/item/instancesSet/item/reason"};
        for (const auto& extra : xml_paths_beyond(r.body(), fixture("ec2.DescribeInstances.xml")))
            EXPECT_TRUE(allowed.contains(extra)) << extra;
        token = xml_text(r.body(), "nextToken");
        if (!token.empty()) {
            EXPECT_NE(token.find('+'), std::string::npos);
            EXPECT_NE(token.find('/'), std::string::npos);
            EXPECT_NE(token.find('='), std::string::npos);
        }
    } while (!token.empty());
    EXPECT_EQ(pages, 3U);
    EXPECT_EQ(ids.size(), 20U);
    EXPECT_EQ(sim.stats().count("ec2.DescribeInstances"), 3U);
}

TEST_F(AwsEc2, InstancesCarryStatesTagsAndInterfaces) {
    const auto r =
        client->query("ec2", "us-east-1", action("DescribeInstances", {{"MaxResults", "1000"}}));
    ASSERT_EQ(r.result_int(), 200U);
    const auto snapshot = sim.aws_snapshot();
    const auto& region = snapshot->accounts()[0].regions[0];
    EXPECT_EQ(xml_texts(r.body(), "instanceId").size(), region.instances.size());
    EXPECT_GT(xml_texts(r.body(), "reservationId").size(), 1U);
    EXPECT_LT(xml_texts(r.body(), "reservationId").size(), region.instances.size());
    EXPECT_GT(xml_texts(r.body(), "networkInterfaceId").size(), region.instances.size());
    const auto names = xml_texts(r.body(), "name");
    EXPECT_TRUE(std::find(names.begin(), names.end(), "running") != names.end());
    const auto keys = xml_texts(r.body(), "key");
    EXPECT_TRUE(std::find(keys.begin(), keys.end(), "owner") != keys.end());
    EXPECT_FALSE(xml_texts(r.body(), "ipAddress").empty());
    EXPECT_EQ(xml_text(r.body(), "nextToken"), "");
}

TEST_F(AwsEc2, TokensMustBeUrlEncoded) {
    const auto first =
        client->query("ec2", "us-east-1", action("DescribeInstances", {{"MaxResults", "5"}}));
    const auto token = xml_text(first.body(), "nextToken");
    ASSERT_FALSE(token.empty());
    // The raw token in the form body: its '+' reads as a space.
    std::string body =
        "Action=DescribeInstances&Version=2016-11-15&MaxResults=5&NextToken=" + token;
    const auto r =
        client->send({"POST",
                      "/aws/ec2/us-east-1/",
                      {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                      body},
                     "ec2", "us-east-1");
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "InvalidPaginationToken");
}

TEST_F(AwsEc2, MaxResultsLimitsAndErrorShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    for (const auto* max : {"4", "1001", "x"}) {
        const auto r =
            client->query("ec2", "us-east-1", action("DescribeInstances", {{"MaxResults", max}}));
        EXPECT_EQ(r.result_int(), 400U) << max;
        EXPECT_EQ(xml_text(r.body(), "Code"), "InvalidParameterValue");
        EXPECT_EQ(xml_paths(r.body()), xml_paths(fixture("ec2.Error.xml")));
    }
    const auto both =
        client->query("ec2", "us-east-1",
                      action("DescribeInstances", {{"MaxResults", "5"}, {"InstanceId.1", "i-0"}}));
    EXPECT_EQ(xml_text(both.body(), "Code"), "InvalidParameterCombination");
    const auto missing = client->query("ec2", "us-east-1",
                                       action("DescribeInstances", {{"InstanceId.1", "i-0nope"}}));
    EXPECT_EQ(xml_text(missing.body(), "Code"), "InvalidInstanceID.NotFound");
}

TEST_F(AwsEc2, VpcsWithSeveralCidrsAndPagedSubnets) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto vpcs = client->query("ec2", "eu-west-1", action("DescribeVpcs"));
    ASSERT_EQ(vpcs.result_int(), 200U);
    EXPECT_TRUE(xml_paths_beyond(vpcs.body(), fixture("ec2.DescribeVpcs.xml")).empty());
    EXPECT_EQ(xml_texts(vpcs.body(), "vpcId").size(), 2U);
    EXPECT_EQ(xml_texts(vpcs.body(), "associationId").size(), 3U); // the second VPC has two

    std::size_t subnets = 0;
    std::string token;
    std::size_t pages = 0;
    do {
        params p = action("DescribeSubnets", {{"MaxResults", "5"}});
        if (!token.empty())
            p.emplace_back("NextToken", token);
        const auto r = client->query("ec2", "eu-west-1", p);
        ASSERT_EQ(r.result_int(), 200U) << r.body();
        std::set<std::string> allowed = {"/DescribeSubnetsResponse/nextToken"};
        for (const auto& extra : xml_paths_beyond(r.body(), fixture("ec2.DescribeSubnets.xml")))
            EXPECT_TRUE(allowed.contains(extra)) << extra;
        subnets += xml_texts(r.body(), "subnetId").size();
        token = xml_text(r.body(), "nextToken");
        ++pages;
    } while (!token.empty());
    EXPECT_EQ(subnets, 6U);
    EXPECT_EQ(pages, 2U);
}

TEST_F(AwsEc2, RoleAccountRefusesBaseKeysAndServesTheSession) {
    client->set_keys(role_base_keys);
    auto r = client->query("ec2", "us-west-2", action("DescribeInstances"));
    EXPECT_EQ(r.result_int(), 403U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "UnauthorizedOperation");
    client->set_keys(assume_role());
    r = client->query("ec2", "us-west-2", action("DescribeInstances"));
    EXPECT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(xml_texts(r.body(), "instanceId").size(), 20U);
    EXPECT_EQ(xml_text(r.body(), "ownerId"), role_account);
}

TEST_F(AwsEc2, RefusedSignaturesAndRegions) {
    client->tamper = [](aws_outgoing& o) { o.body += "&MaxResults=5"; };
    auto r = client->query("ec2", "us-east-1", action("DescribeInstances"));
    EXPECT_EQ(r.result_int(), 401U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "AuthFailure");
    EXPECT_FALSE(xml_text(r.body(), "RequestID").empty());
    client->tamper = nullptr;
    // A region the account has not enabled.
    r = client->query("ec2", "us-west-2", action("DescribeInstances"));
    EXPECT_EQ(r.result_int(), 401U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "AuthFailure");
    // Signed for ec2 in us-east-1, sent to eu-west-1's endpoint.
    client->tamper = [](aws_outgoing& o) { o.target = "/aws/ec2/eu-west-1/"; };
    EXPECT_EQ(client->query("ec2", "us-east-1", action("DescribeRegions")).result_int(), 401U);
}

TEST_F(AwsEc2, GetWithTheQueryStringWorksToo) {
    const auto r = client->send(
        {"GET", "/aws/ec2/us-east-1/?Action=DescribeRegions&Version=2016-11-15", {}, ""}, "ec2",
        "us-east-1");
    EXPECT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(xml_texts(r.body(), "regionName").size(), 2U);
}

TEST_F(AwsEc2, DescribeInstancesFiltersOnTheStateName) {
    const auto all = client->query("ec2", "us-east-1", action("DescribeInstances"));
    ASSERT_EQ(all.result_int(), 200U) << all.body();
    const auto running =
        client->query("ec2", "us-east-1",
                      action("DescribeInstances", {{"Filter.1.Name", "instance-state-name"},
                                                   {"Filter.1.Value.1", "running"}}));
    ASSERT_EQ(running.result_int(), 200U) << running.body();
    // Each instance's state name is the <name> inside its <instanceState>.
    const auto all_states = xml_texts(all.body(), "name");
    const auto running_states = xml_texts(running.body(), "name");
    const auto running_count =
        static_cast<std::size_t>(std::count(all_states.begin(), all_states.end(), "running"));
    EXPECT_EQ(running_states.size(), running_count);
    EXPECT_LT(running_count, xml_texts(all.body(), "instanceId").size());
    for (const auto& state : running_states)
        EXPECT_EQ(state, "running");
    const auto refused = client->query(
        "ec2", "us-east-1",
        action("DescribeInstances", {{"Filter.1.Name", "tag:owner"}, {"Filter.1.Value.1", "x"}}));
    EXPECT_EQ(refused.result_int(), 400U);
    EXPECT_NE(refused.body().find("InvalidParameterValue"), std::string::npos);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
