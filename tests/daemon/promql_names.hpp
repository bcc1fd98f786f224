// The metric names a PromQL expression reads, for checking that a dashboard or
// an alerting rule queries only metrics cloudsyncd serves. Not a PromQL parser:
// it drops string literals, label matchers, range and subquery brackets,
// grouping clauses (by, without, on, ignoring, group_left, group_right) and
// Grafana variables, then keeps every identifier that is neither followed by
// '(' (a function or aggregation) nor a PromQL keyword.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace cloudsync::test {

std::set<std::string> promql_metric_names(std::string_view expr);

// The metric a Grafana `label_values(metric, label)` variable query reads, or
// "" when the query is not of that form.
std::string label_values_metric(std::string_view query);

// Every metric name a Prometheus text exposition holds samples for (histogram
// series as name_bucket, name_sum and name_count, as PromQL reads them).
std::set<std::string> exposition_metric_names(std::string_view text);

} // namespace cloudsync::test
