// cloudsim's Cloud Monitoring timeSeries.list, driven with a Google token: one
// series per RUNNING instance in Google's shape (gce_instance labels,
// metric.labels.instance_name), points newest first at each aligned minute,
// int64 values as strings, pageSize counting points, and the checks the API
// documents (one metric type, endTime, alignment period, aligner per kind).
#include "cloudsim/gcp_time_series.hpp"
#include "cloudsim/sim_fixture.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

options series_options() {
    options o = sim_options(1, 1, 10);
    o.gcp.seed = 11;
    o.gcp.projects = 2;
    o.gcp.instances_per_project = 9;
    o.gcp.buckets_per_project = 0;
    return o;
}

std::string encode(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

class GcpTimeSeriesTest : public sim_test {
protected:
    GcpTimeSeriesTest() : sim_test(series_options()) {}

    // 2026-03-01T10:00:00Z .. 10:05:00Z: five aligned minutes.
    std::string target(const std::string& project, std::size_t metric, std::string_view aligner,
                       std::string_view extra = "") {
        return "/v3/projects/" + project + "/timeSeries?filter=" +
               encode("metric.type = \"" + std::string(gcp_vm_metric_types[metric]) +
                      "\" AND resource.type = \"gce_instance\" AND resource.labels.project_id = \"" +
                      project + "\"") +
               "&interval.startTime=2026-03-01T10%3A00%3A00Z&interval.endTime=2026-03-01T10%3A05%3A00Z"
               "&aggregation.alignmentPeriod=60s&aggregation.perSeriesAligner=" +
               std::string(aligner) + std::string(extra);
    }
};

TEST_F(GcpTimeSeriesTest, OneSeriesPerRunningInstanceWithAlignedPointsNewestFirst) {
    const auto estate = sim.gcp_snapshot();
    const auto& p = estate->projects()[0];
    std::size_t running = 0;
    for (const auto& i : p.instances)
        running += i.status == "RUNNING";
    ASSERT_GT(running, 0u);
    ASSERT_LT(running, p.instances.size()) << "the seed should stop some instances";

    const auto res = client->get(target(p.id, 0, "ALIGN_MEAN"), google_auth());
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto page = parse_json(res.body()).as_object();
    EXPECT_FALSE(page.contains("nextPageToken"));
    const auto& series = page.at("timeSeries").as_array();
    ASSERT_EQ(series.size(), running);
    std::set<std::string> names;
    for (const auto& s : series) {
        const auto& name = s.at("metric").at("labels").at("instance_name").as_string();
        names.emplace(name);
        const gcp_instance* instance = nullptr;
        for (const auto& i : p.instances)
            if (gcp_instance_name(p, i) == name)
                instance = &i;
        ASSERT_NE(instance, nullptr) << name;
        EXPECT_EQ(instance->status, "RUNNING");
        EXPECT_EQ(s.at("metric").at("type"), json::value(gcp_vm_metric_types[0]));
        EXPECT_EQ(s.at("resource").at("type"), "gce_instance");
        EXPECT_EQ(s.at("resource").at("labels").at("project_id"), json::value(p.id));
        EXPECT_EQ(s.at("resource").at("labels").at("zone"),
                  json::value(estate->options().zones[instance->zone]));
        EXPECT_EQ(s.at("resource").at("labels").at("instance_id"),
                  json::value(gcp_instance_id(p, *instance)));
        EXPECT_EQ(s.at("metricKind"), "GAUGE");
        EXPECT_EQ(s.at("valueType"), "DOUBLE");
        const auto& points = s.at("points").as_array();
        ASSERT_EQ(points.size(), 5u);
        EXPECT_EQ(points[0].at("interval").at("endTime"), "2026-03-01T10:05:00Z");
        EXPECT_EQ(points[4].at("interval").at("endTime"), "2026-03-01T10:01:00Z");
        const double v = points[0].at("value").at("doubleValue").to_number<double>();
        EXPECT_DOUBLE_EQ(v, gcp_metric_value(*instance, 0, 1772359500));
        EXPECT_GE(v, 0.0);
        EXPECT_LT(v, 1.0);
    }
    EXPECT_EQ(names.size(), running);
    EXPECT_EQ(sim.stats().count("gcpTimeSeries"), 1u);
}

TEST_F(GcpTimeSeriesTest, ByteCountsAreDeltaInt64StringsAndRatesPerSecond) {
    const auto& p = sim.gcp_snapshot()->projects()[0];
    const auto delta = parse_json(client->get(target(p.id, 1, "ALIGN_DELTA"), google_auth()).body());
    const auto& s = delta.at("timeSeries").as_array().at(0);
    EXPECT_EQ(s.at("metricKind"), "DELTA");
    EXPECT_EQ(s.at("valueType"), "INT64");
    const auto& point = s.at("points").as_array().at(0);
    EXPECT_EQ(point.at("interval").at("startTime"), "2026-03-01T10:04:00Z");
    EXPECT_EQ(point.at("interval").at("endTime"), "2026-03-01T10:05:00Z");
    const auto bytes = std::stod(std::string(point.at("value").at("int64Value").as_string()));

    const auto rate = parse_json(client->get(target(p.id, 1, "ALIGN_RATE"), google_auth()).body());
    const auto& r = rate.at("timeSeries").as_array().at(0);
    EXPECT_EQ(r.at("valueType"), "DOUBLE");
    EXPECT_DOUBLE_EQ(r.at("points").as_array().at(0).at("value").at("doubleValue").to_number<double>(),
                     bytes / 60);
}

TEST_F(GcpTimeSeriesTest, PageSizeCountsPointsAndPagesEndAtSeries) {
    const auto& p = sim.gcp_snapshot()->projects()[0];
    std::size_t series = 0, pages = 0;
    std::string token;
    for (;;) {
        auto t = target(p.id, 2, "ALIGN_DELTA", "&pageSize=12");
        if (!token.empty())
            t += "&pageToken=" + token;
        const auto res = client->get(t, google_auth());
        ASSERT_EQ(res.result_int(), 200) << res.body();
        ++pages;
        const auto page = parse_json(res.body()).as_object();
        const auto n = page.at("timeSeries").as_array().size();
        EXPECT_LE(n, 2u) << "12 points hold two series of 5";
        series += n;
        const auto* next = page.if_contains("nextPageToken");
        if (next == nullptr)
            break;
        token = std::string(next->as_string());
    }
    std::size_t running = 0;
    for (const auto& i : p.instances)
        running += i.status == "RUNNING";
    EXPECT_EQ(series, running);
    EXPECT_EQ(pages, (running + 1) / 2);
}

TEST_F(GcpTimeSeriesTest, RefusesWhatTheApiRefuses) {
    const auto& p = sim.gcp_snapshot()->projects()[0];
    const std::string base = "/v3/projects/" + p.id + "/timeSeries";
    const std::string end = "&interval.endTime=2026-03-01T10%3A05%3A00Z";
    const std::string cpu = encode("metric.type = \"compute.googleapis.com/instance/cpu/utilization\"");
    for (const std::string& bad : {
             base + "?interval.endTime=2026-03-01T10%3A05%3A00Z",                // no filter
             base + "?filter=" + encode("resource.type = \"gce_instance\"") + end, // no metric type
             base + "?filter=" + cpu + "%20AND%20" + cpu + end,                  // two
             base + "?filter=" + cpu,                                            // no endTime
             base + "?filter=" + cpu + end + "&aggregation.perSeriesAligner=ALIGN_MEAN", // no period
             base + "?filter=" + cpu + end +
                 "&aggregation.perSeriesAligner=ALIGN_MEAN&aggregation.alignmentPeriod=30s",
             base + "?filter=" + cpu + end +
                 "&aggregation.perSeriesAligner=ALIGN_DELTA&aggregation.alignmentPeriod=60s",
             base + "?filter=" + cpu + end + "&view=SOME",
         }) {
        const auto res = client->get(bad, google_auth());
        EXPECT_EQ(res.result_int(), 400) << bad << "\n" << res.body();
        EXPECT_EQ(parse_json(res.body()).at("error").at("status"), "INVALID_ARGUMENT") << bad;
    }
    EXPECT_EQ(client->get(target(p.id, 0, "ALIGN_MEAN"), {}).result_int(), 401);
    // Another project's label, or another resource type: nothing, not an error.
    const auto other = parse_json(
        client->get(base + "?filter=" +
                        encode("metric.type = \"compute.googleapis.com/instance/cpu/utilization\" "
                               "resource.labels.project_id = \"elsewhere\"") +
                        end,
                    google_auth())
            .body());
    EXPECT_FALSE(other.as_object().contains("timeSeries"));
}

} // namespace
} // namespace cloudsync::cloudsim::testing
