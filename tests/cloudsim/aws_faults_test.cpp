// Faults, latency, mutations and stats on cloudsim's AWS routes: throttling in
// each service's own words and status, 5xx, a malformed page, latency, the
// /_sim/aws/mutate control for resync tests, per-service call counts.
#include "cloudsim/aws_sim_fixture.hpp"

#include <boost/json.hpp>
#include <pugixml.hpp>

#include <chrono>

namespace cloudsync::cloudsim::testing {
namespace {

using AwsFaults = aws_sim_test;
using params = std::vector<std::pair<std::string, std::string>>;

const params regions{{"Action", "DescribeRegions"}, {"Version", "2016-11-15"}};
const params who{{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}};
const params alarms{{"Action", "DescribeAlarms"}, {"Version", "2010-08-01"}};

TEST_F(AwsFaults, ThrottlingInEachServicesWords) {
    for (const auto* op : {"ec2.DescribeRegions", "sts.GetCallerIdentity",
                           "monitoring.DescribeAlarms", "s3.ListBuckets", "ecs.ListClusters"})
        sim.add_fault({fault_kind::throttle, op});
    auto r = client->query("ec2", "us-east-1", regions);
    EXPECT_EQ(r.result_int(), 503U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "RequestLimitExceeded");
    r = client->query("sts", "us-east-1", who);
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "Throttling");
    r = client->query("monitoring", "us-east-1", alarms);
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "Throttling");
    r = client->s3("us-east-1", "");
    EXPECT_EQ(r.result_int(), 503U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "SlowDown");
    r = client->ecs("us-east-1", "ListClusters", "{}");
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(boost::json::parse(r.body()).at("__type").as_string(), "ThrottlingException");
    EXPECT_EQ(sim.stats().throttled, 5U);
    // Each fault applied once: the retries succeed.
    EXPECT_EQ(client->query("ec2", "us-east-1", regions).result_int(), 200U);
    EXPECT_EQ(client->s3("us-east-1", "").result_int(), 200U);
    EXPECT_EQ(sim.pending_faults(), 0U);
}

TEST_F(AwsFaults, ServerErrorsAndMalformedPages) {
    sim.add_fault({fault_kind::server_error, "ec2.", 1, 503});
    auto r = client->query("ec2", "us-east-1", regions);
    EXPECT_EQ(r.result_int(), 503U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "Unavailable");
    sim.add_fault({fault_kind::server_error, "/aws/monitoring/"});
    r = client->query("monitoring", "us-east-1", alarms);
    EXPECT_EQ(r.result_int(), 500U);
    EXPECT_EQ(xml_text(r.body(), "Type"), "Receiver");
    sim.add_fault({fault_kind::malformed_json, "ec2.DescribeInstances"});
    r = client->query("ec2", "us-east-1",
                      {{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}});
    EXPECT_EQ(r.result_int(), 200U);
    pugi::xml_document doc;
    EXPECT_FALSE(doc.load_string(r.body().c_str()));
}

TEST_F(AwsFaults, LatencyApplies) {
    sim.set_latency({std::chrono::milliseconds(150), std::chrono::milliseconds(0)});
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(client->query("sts", "us-east-1", who).result_int(), 200U);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

TEST_F(AwsFaults, MutationsThroughTheControlApi) {
    const auto snapshot = sim.aws_snapshot();
    const auto& instance = snapshot->accounts()[0].regions[0].instances[0];
    const auto id = aws_instance_id(instance);
    test_client control(sim.port());
    auto r =
        control.post("/_sim/aws/mutate",
                     R"({"region":"us-east-1","instance_id":")" + id + R"(","state":"stopped"})",
                     "application/json");
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    const params one{
        {"Action", "DescribeInstances"}, {"Version", "2016-11-15"}, {"InstanceId.1", id}};
    auto page = client->query("ec2", "us-east-1", one);
    EXPECT_EQ(xml_texts(page.body(), "name").front(), "stopped");

    r = control.post("/_sim/aws/mutate", R"({"region":"us-east-1","add_instances":3})",
                     "application/json");
    EXPECT_EQ(boost::json::parse(r.body()).at("live_instances").as_int64(), 20 * 6 + 3);
    r = control.post("/_sim/aws/mutate",
                     R"({"region":"us-east-1","instance_id":")" + id + R"(","remove":true})",
                     "application/json");
    ASSERT_EQ(r.result_int(), 200U);
    page = client->query("ec2", "us-east-1", one);
    EXPECT_EQ(xml_text(page.body(), "Code"), "InvalidInstanceID.NotFound");

    r = control.post("/_sim/aws/mutate", R"({"add_buckets":2})", "application/json");
    EXPECT_EQ(boost::json::parse(r.body()).at("buckets").as_int64(), 18);
    EXPECT_EQ(xml_texts(client->s3("us-east-1", "").body(), "Name").size(), 10U);
    r = control.post("/_sim/aws/mutate", R"({"region":"mars-1","add_instances":1})",
                     "application/json");
    EXPECT_EQ(r.result_int(), 400U);
}

TEST_F(AwsFaults, PerServiceCallCounts) {
    client->query("ec2", "us-east-1", regions);
    client->query("ec2", "eu-west-1", {{"Action", "DescribeVpcs"}, {"Version", "2016-11-15"}});
    client->s3("us-east-1", "");
    const auto stats = sim.stats();
    EXPECT_EQ(stats.count_service("ec2"), 2U);
    EXPECT_EQ(stats.count("ec2.DescribeVpcs"), 1U);
    EXPECT_EQ(stats.count_service("s3"), 1U);
    EXPECT_EQ(stats.count_service("ecs"), 0U);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
