// ECS parsers on every ECS list example (ListClusters body and HTTP message),
// DescribeTasks documents shaped after the AWS CLI's describe-tasks example
// output (aws/aws-cli awscli/examples/ecs/describe-tasks.rst; no DescribeTasks
// body is in the fixtures), failures, secrets kept out of raw, and malformed
// bodies.
#include "collectors/aws/ecs_pages.hpp"
#include "collectors/errors.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace cloudsync::collectors::aws {
namespace {

TEST(AwsEcsPages, ListClustersExamples) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const std::vector<std::string> arns{"arn:aws:ecs:us-east-1:012345678910:cluster/My-cluster",
                                        "arn:aws:ecs:us-east-1:012345678910:cluster/default"};
    const auto page = parse_cluster_list(test::aws_fixture("ecs.ListClusters.json"));
    EXPECT_EQ(page.items, arns);
    EXPECT_FALSE(page.next_token);
    // The HTTP message's body follows the blank line (its Content-Length is wrong).
    const auto http = test::aws_fixture("ecs.ListClusters.http");
    EXPECT_EQ(parse_cluster_list(http.substr(http.find("\n\n") + 2)).items, arns);
}

TEST(AwsEcsPages, ListTasksWithNextToken) {
    const auto page = parse_task_list(
        R"({"taskArns":["arn:aws:ecs:us-east-1:123456789012:task/MyCluster/1dc5c17a"],)"
        R"("nextToken":"eyJ2IjoxfQ=="})");
    EXPECT_EQ(page.items, std::vector<std::string>{
                              "arn:aws:ecs:us-east-1:123456789012:task/MyCluster/1dc5c17a"});
    EXPECT_EQ(page.next_token, "eyJ2IjoxfQ==");
    EXPECT_TRUE(parse_task_list("{}").items.empty());
}

constexpr std::string_view describe_tasks = R"({
  "tasks": [
    {
      "availabilityZone": "us-east-1b",
      "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/MyCluster",
      "containers": [
        {"containerArn": "arn:aws:ecs:us-east-1:123456789012:container/MyCluster/4d590253bb114126b7afa7b58eea9221/a992d1cc",
         "image": "httpd:2.4", "lastStatus": "RUNNING", "name": "web"},
        {"name": "sidecar", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"},
        {"name": "again", "image": "httpd:2.4"}
      ],
      "desiredStatus": "RUNNING",
      "lastStatus": "RUNNING",
      "launchType": "EC2",
      "overrides": {"containerOverrides": [{"name": "web",
        "environment": [{"name": "DB_PASSWORD", "value": "hunter2"}]}]},
      "tags": [{"key": "team", "value": "platform"}],
      "taskArn": "arn:aws:ecs:us-east-1:123456789012:task/MyCluster/4d590253bb114126b7afa7b58EXAMPLE",
      "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/threetier:1"
    },
    {
      "taskArn": "arn:aws:ecs:us-east-1:123456789012:task/MyCluster/5e2f1b9c",
      "lastStatus": "PROVISIONING",
      "containers": []
    }
  ],
  "failures": [
    {"arn": "arn:aws:ecs:us-east-1:123456789012:task/MyCluster/gone", "reason": "MISSING"}
  ]
})";

TEST(AwsEcsPages, DescribeTasks) {
    const auto page = parse_task_page(describe_tasks, "us-east-1");
    ASSERT_EQ(page.items.size(), 2U);
    const auto& task = page.items[0];
    EXPECT_EQ(task.native_id,
              "arn:aws:ecs:us-east-1:123456789012:task/MyCluster/4d590253bb114126b7afa7b58EXAMPLE");
    EXPECT_EQ(task.name, "threetier:1");
    EXPECT_EQ(task.region, "us-east-1");
    EXPECT_EQ(task.tags, R"({"team":"platform"})");
    const auto& c = std::get<inventory::container_columns>(task.columns);
    EXPECT_EQ(c.state, "RUNNING");
    EXPECT_EQ(c.images,
              (std::vector<std::string>{
                  "httpd:2.4", "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"}));
    EXPECT_EQ(task.raw.find("hunter2"), std::string::npos);
    EXPECT_NE(task.raw.find(R"("environment":[{"name":"DB_PASSWORD"}])"), std::string::npos);
    EXPECT_NE(task.raw.find(R"("launchType":"EC2")"), std::string::npos);
    const auto& bare = page.items[1];
    EXPECT_EQ(bare.name, "5e2f1b9c"); // no task definition: the task id
    EXPECT_EQ(bare.tags, "{}");
    EXPECT_EQ(std::get<inventory::container_columns>(bare.columns).state, "PROVISIONING");
    ASSERT_EQ(page.failures.size(), 1U);
    EXPECT_EQ(page.failures[0].arn, "arn:aws:ecs:us-east-1:123456789012:task/MyCluster/gone");
    EXPECT_EQ(page.failures[0].reason, "MISSING");
    EXPECT_EQ(page.failures[0].detail, "");
}

std::string failure(const std::function<void()>& f) {
    try {
        f();
    } catch (const page_error& e) {
        return e.what();
    }
    return "no page_error";
}

TEST(AwsEcsPages, MalformedBodiesAreRefused) {
    EXPECT_EQ(failure([] { parse_cluster_list("<html/>"); }), "malformed ECS page: not JSON");
    EXPECT_EQ(failure([] { parse_cluster_list("[]"); }), "malformed ECS page: not a JSON object");
    EXPECT_EQ(failure([] { parse_cluster_list(R"({"clusterArns":"x"})"); }),
              "malformed ECS page: clusterArns is not an array");
    EXPECT_EQ(failure([] { parse_task_list(R"({"taskArns":["arn:aws:ecs:r:1:task/c/a",7]})"); }),
              "malformed ECS page: taskArns[1] is not an ARN");
    EXPECT_EQ(failure([] { parse_cluster_list(R"({"clusterArns":["default"]})"); }),
              "malformed ECS page: clusterArns[0] is not an ARN");
    EXPECT_EQ(failure([] { parse_task_page(R"({"tasks":[{"taskArn":"4d5902"}]})", "r"); }),
              "malformed ECS page: tasks[0].taskArn is not an ARN");
    EXPECT_EQ(failure([] { parse_task_list(R"({"nextToken":5})"); }),
              "malformed ECS page: nextToken is not a string");
    EXPECT_EQ(failure([] { parse_task_page(R"({"tasks":[{"lastStatus":"RUNNING"}]})", "r"); }),
              "malformed ECS page: tasks[0] has no taskArn");
    EXPECT_EQ(
        failure([] {
            parse_task_page(
                R"({"tasks":[{"taskArn":"arn:aws:ecs:r:1:task/c/t","containers":[{"image":1}]}]})",
                "r");
        }),
        "malformed ECS page: tasks[0].containers[0].image is not a string");
    EXPECT_EQ(
        failure([] {
            parse_task_page(
                R"({"tasks":[{"taskArn":"arn:aws:ecs:r:1:task/c/t","tags":[{"value":"v"}]}]})",
                "r");
        }),
        "malformed ECS page: tasks[0].tags[0] has no key");
    EXPECT_EQ(failure([] { parse_task_page(R"({"failures":[3]})", "r"); }),
              "malformed ECS page: failures[0] is not an object");
}

} // namespace
} // namespace cloudsync::collectors::aws
