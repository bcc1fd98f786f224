#include "core/metrics.hpp"

#include <gtest/gtest.h>

namespace cloudsync::metrics {

TEST(Metrics, CountersRenderWithLabelsAndHelp) {
    registry reg;
    reg.get_counter("cloudsync_runs_total", "Runs by result", {{"result", "ok"}}).add();
    reg.get_counter("cloudsync_runs_total", "Runs by result", {{"result", "ok"}}).add(2);
    reg.get_counter("cloudsync_runs_total", "Runs by result", {{"result", "fa\"il"}}).add();
    const auto text = reg.render();
    EXPECT_NE(text.find("# HELP cloudsync_runs_total Runs by result\n"), std::string::npos);
    EXPECT_NE(text.find("# TYPE cloudsync_runs_total counter\n"), std::string::npos);
    EXPECT_NE(text.find("cloudsync_runs_total{result=\"ok\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("cloudsync_runs_total{result=\"fa\\\"il\"} 1\n"), std::string::npos);
}

TEST(Metrics, HistogramBucketsAreCumulative) {
    registry reg;
    auto& h = reg.get_histogram("d_seconds", "Durations", {1.0, 5.0});
    h.observe(0.5);
    h.observe(3.0);
    h.observe(10.0);
    const auto text = reg.render();
    EXPECT_NE(text.find("d_seconds_bucket{le=\"1\"} 1\n"), std::string::npos);
    EXPECT_NE(text.find("d_seconds_bucket{le=\"5\"} 2\n"), std::string::npos);
    EXPECT_NE(text.find("d_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("d_seconds_sum 13.5\n"), std::string::npos);
    EXPECT_NE(text.find("d_seconds_count 3\n"), std::string::npos);
}

TEST(Metrics, GaugesAreSetAndCanBeRemoved) {
    registry reg;
    reg.get_gauge("last_seconds", "Last success", {{"job", "a"}}).set(1.7e9);
    reg.get_gauge("last_seconds", "Last success", {{"job", "a"}}).set(1.8e9);
    reg.get_gauge("last_seconds", "Last success", {{"job", "b"}}).set(2);
    auto text = reg.render();
    EXPECT_NE(text.find("# TYPE last_seconds gauge\n"), std::string::npos);
    EXPECT_NE(text.find("last_seconds{job=\"a\"} 1800000000\n"), std::string::npos);
    EXPECT_NE(text.find("last_seconds{job=\"b\"} 2\n"), std::string::npos);

    reg.remove_gauge("last_seconds", {{"job", "b"}});
    text = reg.render();
    EXPECT_EQ(text.find("job=\"b\""), std::string::npos);
    reg.remove_gauge("last_seconds", {{"job", "a"}});
    EXPECT_EQ(reg.render().find("last_seconds"), std::string::npos) << "no HELP/TYPE for no series";
}

} // namespace cloudsync::metrics
