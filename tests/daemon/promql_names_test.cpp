// The PromQL name extraction the operator kit's test relies on: it must find
// every metric an expression reads and nothing else.
#include "promql_names.hpp"

#include <gtest/gtest.h>

namespace cloudsync::test {
namespace {

using names = std::set<std::string>;

TEST(PromqlNames, FindsMetricsInsideFunctionsAndAggregations) {
    EXPECT_EQ(
        promql_metric_names("histogram_quantile(0.95, sum by (le, kind) "
                            "(rate(cloudsync_run_duration_seconds_bucket{kind=~\"$kind\"}[1h])))"),
        names{"cloudsync_run_duration_seconds_bucket"});
    EXPECT_EQ(promql_metric_names("time() - max by (account, kind) (a_seconds) > 3 * max by "
                                  "(account, kind) (b_seconds)"),
              (names{"a_seconds", "b_seconds"}));
}

TEST(PromqlNames, IgnoresLabelsStringsKeywordsNumbersAndVariables) {
    EXPECT_EQ(promql_metric_names("sum without (instance) (rate(x_total{code=\"429\", "
                                  "host=~\"a|b\"}[$__rate_interval] offset 5m)) > 1e3 and on "
                                  "(host) y unless ignoring (code) z == bool 0"),
              (names{"x_total", "y", "z"}));
    EXPECT_EQ(promql_metric_names("absent(up{job=\"cloudsync\"})"), names{"up"});
    EXPECT_EQ(promql_metric_names("count by (version) (build_info) * on (instance) "
                                  "group_left (version) other"),
              (names{"build_info", "other"}));
}

TEST(PromqlNames, ReadsLabelValuesQueriesAndExpositions) {
    EXPECT_EQ(label_values_metric("label_values(cloudsync_runs_total, account)"),
              "cloudsync_runs_total");
    EXPECT_EQ(label_values_metric("up"), "");
    EXPECT_EQ(exposition_metric_names("# HELP a_total x\n# TYPE a_total counter\n"
                                      "a_total{k=\"v\"} 1\nb 2\nh_bucket{le=\"1\"} 0\n"),
              (names{"a_total", "b", "h_bucket"}));
}

} // namespace
} // namespace cloudsync::test
