// CloudWatch in cloudsim: GetMetricData with up to 500 queries a call (a 501st
// is refused), data per running instance, paging by MaxDatapoints and
// NextToken; DescribeAlarms with metric and composite alarms, AlarmTypes and
// paging; shapes per the moto templates; the role rule and refused signatures
// in the Query <ErrorResponse> shape.
#include "cloudsim/aws_sim_fixture.hpp"
#include "cloudsim/aws_xml_shape.hpp"
#include "cloudsim/detail/sim_time.hpp"

#include "support/official_examples.hpp"

#include <ctime>
#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

using AwsCloudWatch = aws_sim_test;
using params = std::vector<std::pair<std::string, std::string>>;

const std::vector<std::string> metric_names = {"CPUUtilization", "NetworkIn",      "NetworkOut",
                                               "DiskReadBytes",  "DiskWriteBytes", "EBSReadBytes",
                                               "EBSWriteBytes"};

// One query per (instance, metric), as a collector batches them.
params metric_data(const std::vector<std::string>& instances, std::size_t count, std::int64_t start,
                   std::int64_t end) {
    params p{{"Action", "GetMetricData"},
             {"Version", "2010-08-01"},
             {"StartTime", detail::format_time(start)},
             {"EndTime", detail::format_time(end)}};
    for (std::size_t n = 0; n < count; ++n) {
        const std::string m = "MetricDataQueries.member." + std::to_string(n + 1) + ".";
        p.emplace_back(m + "Id", "q" + std::to_string(n));
        p.emplace_back(m + "MetricStat.Metric.Namespace", "AWS/EC2");
        p.emplace_back(m + "MetricStat.Metric.MetricName", metric_names[n % metric_names.size()]);
        p.emplace_back(m + "MetricStat.Metric.Dimensions.member.1.Name", "InstanceId");
        p.emplace_back(m + "MetricStat.Metric.Dimensions.member.1.Value",
                       instances[(n / metric_names.size()) % instances.size()]);
        p.emplace_back(m + "MetricStat.Period", "300");
        p.emplace_back(m + "MetricStat.Stat", "Average");
    }
    return p;
}

// The element paths of a moto template (Jinja2): {% %} lines dropped, {{ }}
// filled with text; DescribeAlarms names its two lists {{tag_name}}, so its
// paths are those of both names.
std::set<std::string> moto_paths(const std::string& name) {
    const std::string text = cloudsync::test::example_text("aws/" + name);
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto open = text.find('{', at);
        if (open == std::string::npos || open + 1 >= text.size()) {
            out += text.substr(at);
            break;
        }
        out += text.substr(at, open - at);
        const char kind = text[open + 1];
        if (kind == '%' || kind == '{') {
            if (kind == '{')
                out += "x";
            at = text.find(kind == '%' ? "%}" : "}}", open) + 2;
        } else {
            out += '{';
            at = open + 1;
        }
    }
    std::set<std::string> paths;
    for (const std::string tag : {"MetricAlarms", "CompositeAlarms"}) {
        std::string copy = out;
        for (std::size_t p; (p = copy.find("<x>")) != std::string::npos;)
            copy.replace(p, 3, "<" + tag + ">");
        for (std::size_t p; (p = copy.find("</x>")) != std::string::npos;)
            copy.replace(p, 4, "</" + tag + ">");
        paths.merge(xml_paths(copy));
    }
    return paths;
}

std::set<std::string> beyond(const std::string& xml, const std::set<std::string>& reference) {
    std::set<std::string> extra;
    for (const auto& p : xml_paths(xml)) {
        if (!reference.contains(p))
            extra.insert(p);
    }
    return extra;
}

std::vector<std::string> running_instances(const server& sim, std::size_t region = 0) {
    std::vector<std::string> ids;
    for (const auto& i : sim.aws_snapshot()->accounts()[0].regions[region].instances) {
        if (i.state.code == 16)
            ids.push_back(aws_instance_id(i));
    }
    return ids;
}

TEST_F(AwsCloudWatch, FiveHundredQueriesInOneCall) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto ids = running_instances(sim);
    ASSERT_FALSE(ids.empty());
    const std::int64_t end = std::time(nullptr) / 300 * 300;
    const auto r = client->query("monitoring", "us-east-1", metric_data(ids, 500, end - 3600, end));
    ASSERT_EQ(r.result_int(), 200U) << r.body().substr(0, 400);
    const std::set<std::string> allowed = {"/GetMetricDataResponse/GetMetricDataResult/Messages"};
    for (const auto& extra :
         beyond(r.body(), moto_paths("cloudwatch.GetMetricData.moto-template.xml.j2")))
        EXPECT_TRUE(allowed.contains(extra)) << extra;
    EXPECT_EQ(xml_texts(r.body(), "Id").size(), 500U);
    EXPECT_EQ(xml_text(r.body(), "NextToken"), "");
    // 12 five-minute points an hour, newest first.
    const auto stamps = xml_texts(r.body(), "member");
    EXPECT_GT(stamps.size(), 500U * 12);
    EXPECT_EQ(sim.stats().count("monitoring.GetMetricData"), 1U);

    const auto over =
        client->query("monitoring", "us-east-1", metric_data(ids, 501, end - 3600, end));
    EXPECT_EQ(over.result_int(), 400U);
    EXPECT_EQ(xml_text(over.body(), "Code"), "ValidationError");
}

TEST_F(AwsCloudWatch, ValuesForRunningInstancesOnly) {
    const std::int64_t end = std::time(nullptr) / 300 * 300;
    const auto& region = sim.aws_snapshot()->accounts()[0].regions[0];
    std::string stopped;
    for (const auto& i : region.instances) {
        if (i.state.code == 80)
            stopped = aws_instance_id(i);
    }
    ASSERT_FALSE(stopped.empty());
    const auto ids = running_instances(sim);
    auto r = client->query("monitoring", "us-east-1", metric_data({ids[0]}, 1, end - 1800, end));
    ASSERT_EQ(r.result_int(), 200U);
    const auto values = xml_texts(r.body(), "member");
    ASSERT_EQ(values.size(), 1U + 6 + 6); // the result member, 6 timestamps, 6 values
    const double cpu = std::stod(values.back());
    EXPECT_GE(cpu, 0.0);
    EXPECT_LE(cpu, 100.0);
    r = client->query("monitoring", "us-east-1", metric_data({stopped}, 1, end - 1800, end));
    EXPECT_EQ(xml_texts(r.body(), "member").size(), 1U);
    EXPECT_EQ(xml_text(r.body(), "StatusCode"), "Complete");
}

TEST_F(AwsCloudWatch, MaxDatapointsPagesWithNextToken) {
    const std::int64_t end = std::time(nullptr) / 300 * 300;
    const auto ids = running_instances(sim);
    auto p = metric_data(ids, 10, end - 3600, end);
    p.emplace_back("MaxDatapoints", "50"); // 12 points a query: 4 queries a page
    std::size_t results = 0, pages = 0;
    std::string token;
    do {
        auto q = p;
        if (!token.empty())
            q.emplace_back("NextToken", token);
        const auto r = client->query("monitoring", "us-east-1", q);
        ASSERT_EQ(r.result_int(), 200U) << r.body();
        results += xml_texts(r.body(), "Id").size();
        token = xml_text(r.body(), "NextToken");
        ++pages;
    } while (!token.empty() && pages < 10);
    EXPECT_EQ(results, 10U);
    EXPECT_EQ(pages, 3U);
}

TEST_F(AwsCloudWatch, DescribeAlarmsMetricAndComposite) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const params base{{"Action", "DescribeAlarms"}, {"Version", "2010-08-01"}};
    auto r = client->query("monitoring", "eu-west-1", base);
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(xml_texts(r.body(), "AlarmName").size(), 3U); // metric alarms only by default
    EXPECT_EQ(xml_text(r.body(), "AlarmRule"), "");

    auto both = base;
    both.emplace_back("AlarmTypes.member.1", "MetricAlarm");
    both.emplace_back("AlarmTypes.member.2", "CompositeAlarm");
    r = client->query("monitoring", "eu-west-1", both);
    ASSERT_EQ(r.result_int(), 200U);
    EXPECT_EQ(xml_texts(r.body(), "AlarmName").size(), 4U);
    EXPECT_EQ(xml_text(r.body(), "AlarmRule"), "ALARM(\"alarm-0003\") OR ALARM(\"alarm-0002\")");
    EXPECT_EQ(xml_text(r.body(), "Name"), "InstanceId");
    EXPECT_TRUE(xml_text(r.body(), "Value").starts_with("i-0"));
    // The template leaves out ResponseMetadata, which every Query answer has.
    auto reference = moto_paths("cloudwatch.DescribeAlarms.moto-template.xml.j2");
    reference.insert({"/DescribeAlarmsResponse/ResponseMetadata",
                      "/DescribeAlarmsResponse/ResponseMetadata/RequestId"});
    for (const auto& extra : beyond(r.body(), reference))
        ADD_FAILURE() << extra;

    auto paged = both;
    paged.emplace_back("MaxRecords", "3");
    r = client->query("monitoring", "eu-west-1", paged);
    EXPECT_EQ(xml_texts(r.body(), "AlarmName").size(), 3U);
    const auto token = xml_text(r.body(), "NextToken");
    ASSERT_FALSE(token.empty());
    paged.emplace_back("NextToken", token);
    r = client->query("monitoring", "eu-west-1", paged);
    EXPECT_EQ(xml_texts(r.body(), "AlarmName"), (std::vector<std::string>{"composite-0004"}));
    EXPECT_EQ(xml_text(r.body(), "NextToken"), "");
}

TEST_F(AwsCloudWatch, RoleRuleAndRefusals) {
    client->set_keys(role_base_keys);
    const params alarms{{"Action", "DescribeAlarms"}, {"Version", "2010-08-01"}};
    auto r = client->query("monitoring", "us-east-1", alarms);
    EXPECT_EQ(r.result_int(), 403U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "AccessDenied");
    client->set_keys(assume_role());
    EXPECT_EQ(client->query("monitoring", "us-east-1", alarms).result_int(), 200U);
    client->tamper = [](aws_outgoing& o) { o.body += "&MaxRecords=1"; };
    r = client->query("monitoring", "us-east-1", alarms);
    EXPECT_EQ(r.result_int(), 403U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "SignatureDoesNotMatch");
    // Signed as another service (CloudWatch signs as "monitoring").
    client->tamper = nullptr;
    const auto wrong = client->send({"POST",
                                     "/aws/monitoring/us-east-1/",
                                     {{"Content-Type", "application/x-www-form-urlencoded"}},
                                     "Action=DescribeAlarms&Version=2010-08-01"},
                                    "cloudwatch", "us-east-1");
    EXPECT_EQ(xml_text(wrong.body(), "Code"), "SignatureDoesNotMatch");
}

} // namespace
} // namespace cloudsync::cloudsim::testing
