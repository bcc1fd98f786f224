// ECS in cloudsim: ListClusters in the fixture's shape, ListTasks paged with
// nextToken, DescribeTasks with at most 100 tasks, the role rule and refused
// signatures as JSON errors with __type.
#include "cloudsim/aws_sim_fixture.hpp"

#include "support/official_examples.hpp"

#include <boost/json.hpp>

#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

using AwsEcs = aws_sim_test;
namespace json = boost::json;

std::set<std::string> keys(const json::value& v) {
    std::set<std::string> out;
    for (const auto& kv : v.as_object())
        out.emplace(kv.key());
    return out;
}

TEST_F(AwsEcs, ListClustersInTheFixtureShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto r = client->ecs("us-east-1", "ListClusters", "{}");
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(r[boost::beast::http::field::content_type], "application/x-amz-json-1.1");
    const auto body = json::parse(r.body());
    EXPECT_EQ(keys(body),
              keys(json::parse(cloudsync::test::example_text("aws/ecs.ListClusters.json"))));
    EXPECT_EQ(body.at("clusterArns").as_array().size(), 2U);
    EXPECT_EQ(body.at("clusterArns").at(0).as_string(),
              "arn:aws:ecs:us-east-1:111122223333:cluster/cluster-01");

    const auto paged =
        json::parse(client->ecs("us-east-1", "ListClusters", R"({"maxResults":1})").body());
    EXPECT_EQ(paged.at("clusterArns").as_array().size(), 1U);
    const auto token = std::string(paged.at("nextToken").as_string());
    const auto rest = json::parse(
        client
            ->ecs("us-east-1", "ListClusters", json::serialize(json::object{{"nextToken", token}}))
            .body());
    EXPECT_EQ(rest.at("clusterArns").at(0).as_string(),
              "arn:aws:ecs:us-east-1:111122223333:cluster/cluster-02");
    EXPECT_FALSE(rest.as_object().contains("nextToken"));
    EXPECT_EQ(sim.stats().count("ecs.ListClusters"), 3U);
}

TEST_F(AwsEcs, ListAndDescribeEveryTask) {
    const auto snapshot = sim.aws_snapshot();
    const auto& region = snapshot->accounts()[0].regions[1];
    std::size_t expected_running = 0;
    for (const auto& t : region.clusters[0].tasks)
        expected_running += aws_task_last_status(t) == "STOPPED" ? 0 : 1;

    std::vector<std::string> arns;
    std::string token;
    do {
        json::object in{{"cluster", "cluster-01"}, {"maxResults", 2}};
        if (!token.empty())
            in["nextToken"] = token;
        const auto r = client->ecs("eu-west-1", "ListTasks", json::serialize(in));
        ASSERT_EQ(r.result_int(), 200U) << r.body();
        const auto body = json::parse(r.body());
        for (const auto& arn : body.at("taskArns").as_array())
            arns.emplace_back(arn.as_string());
        token = body.as_object().contains("nextToken")
                    ? std::string(body.at("nextToken").as_string())
                    : "";
    } while (!token.empty());
    EXPECT_EQ(arns.size(), expected_running);

    json::array wanted;
    for (const auto& arn : arns)
        wanted.emplace_back(arn);
    wanted.emplace_back("arn:aws:ecs:eu-west-1:111122223333:task/cluster-01/0000");
    const auto r =
        client->ecs("eu-west-1", "DescribeTasks",
                    json::serialize(json::object{{"cluster", "cluster-01"}, {"tasks", wanted}}));
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    const auto body = json::parse(r.body());
    ASSERT_EQ(body.at("tasks").as_array().size(), arns.size());
    const auto& task = body.at("tasks").at(0);
    EXPECT_EQ(task.at("taskArn").as_string(), arns[0]);
    EXPECT_FALSE(task.at("containers").as_array().empty());
    EXPECT_TRUE(task.at("containers").at(0).at("image").as_string().starts_with("public.ecr.aws/"));
    EXPECT_TRUE(task.at("createdAt").is_double());
    EXPECT_EQ(body.at("failures").at(0).at("reason").as_string(), "MISSING");
}

TEST_F(AwsEcs, LimitsAndErrors) {
    json::array many;
    for (int n = 0; n < 101; ++n)
        many.emplace_back("task-" + std::to_string(n));
    auto r = client->ecs("us-east-1", "DescribeTasks",
                         json::serialize(json::object{{"cluster", "cluster-01"}, {"tasks", many}}));
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(json::parse(r.body()).at("__type").as_string(), "InvalidParameterException");
    r = client->ecs("us-east-1", "ListTasks", R"({"cluster":"nope"})");
    EXPECT_EQ(json::parse(r.body()).at("__type").as_string(), "ClusterNotFoundException");
    r = client->ecs("us-east-1", "ListClusters", R"({"maxResults":101})");
    EXPECT_EQ(json::parse(r.body()).at("__type").as_string(), "InvalidParameterException");
    r = client->ecs("us-east-1", "ListClusters", "{not json");
    EXPECT_EQ(json::parse(r.body()).at("__type").as_string(), "SerializationException");
}

TEST_F(AwsEcs, RoleRuleAndRefusedSignatures) {
    client->tamper = [](aws_outgoing& o) { o.body = R"({"maxResults":1})"; };
    auto r = client->ecs("us-east-1", "ListClusters", "{}");
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(json::parse(r.body()).at("__type").as_string(), "InvalidSignatureException");
    client->tamper = nullptr;
    client->set_keys({"AKIAUNKNOWN000000000", "x", ""});
    EXPECT_EQ(
        json::parse(client->ecs("us-east-1", "ListClusters", "{}").body()).at("__type").as_string(),
        "UnrecognizedClientException");
    client->set_keys(role_base_keys);
    r = client->ecs("us-east-1", "ListClusters", "{}");
    EXPECT_EQ(json::parse(r.body()).at("__type").as_string(), "AccessDeniedException");
    client->set_keys(assume_role());
    r = client->ecs("us-east-1", "ListClusters", "{}");
    EXPECT_EQ(r.result_int(), 200U) << r.body();
    sim.expire_aws_sessions();
    r = client->ecs("us-east-1", "ListClusters", "{}");
    EXPECT_EQ(json::parse(r.body()).at("__type").as_string(), "ExpiredTokenException");
}

} // namespace
} // namespace cloudsync::cloudsim::testing
