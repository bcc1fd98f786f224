// Parse of the CloudWatch Query-protocol (XML) answers the metrics and alerts
// collectors read: GetMetricData pages (per query: Id, Label, StatusCode,
// parallel Timestamps and Values, Messages; NextToken) and DescribeAlarms
// pages (metric and composite alarms -> alerts records; NextToken). Pure: no
// requests, no batching of queries, no mapping of query ids to VMs (the
// collector that built the queries knows it).
//
// Shapes from the botocore model (cloudwatch 2010-08-01: GetMetricDataOutput,
// MetricDataResult, MessageData, DescribeAlarmsOutput, MetricAlarm,
// CompositeAlarm) and moto's response templates (facts.md section 6-7; no AWS
// example body exists). Lists are `<Name><member>...</member></Name>`; an empty
// or absent list is none. Parsers throw page_error (detail/xml.hpp) when the
// body is not the operation's response, the ...Result element is missing, an
// entry lacks its id or ARN, a number or time is not one, or Timestamps and
// Values differ in length.
#pragma once

#include "collectors/aws/ec2_pages.hpp" // token_page
#include "collectors/common/utc_time.hpp"
#include "inventory/record.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::aws {

// A MessageData: Code (e.g. ArithmeticError, MaxQueryTimeRangeExceed) and Value.
struct cloudwatch_message {
    std::string code;
    std::string value;
};

// One MetricDataResult. timestamps[i] goes with values[i].
struct metric_data_result {
    std::string id; // the MetricDataQuery Id the request gave
    std::string label;
    // Complete | InternalError | PartialData | Forbidden, as sent ("" when
    // absent). PartialData: more points follow on the next page (NextToken).
    std::string status_code;
    std::vector<common::time_point> timestamps;
    std::vector<double> values;
    std::vector<cloudwatch_message> messages;
};

struct metric_data_page {
    std::vector<metric_data_result> results;
    std::vector<cloudwatch_message> messages; // about the whole request
    std::optional<std::string> next_token;    // absent or empty: the last page
};

// GetMetricDataResponse/GetMetricDataResult.
metric_data_page parse_metric_data_page(std::string_view xml);

// DescribeAlarmsResponse/DescribeAlarmsResult: one alerts record per
// MetricAlarms and CompositeAlarms member, metric alarms first:
// - native_id AlarmArn (required, an ARN), name AlarmName, region = region, tags "{}"
//   (DescribeAlarms returns none), raw the member as JSON;
// - state from StateValue (ALARM -> firing, OK -> ok, INSUFFICIENT_DATA and
//   anything else -> unknown); severity "" (CloudWatch has none);
// - enabled = ActionsEnabled (absent: unknown);
// - target_ids = ec2_arn(region, account_id, "instance", value) of every
//   InstanceId dimension, of the alarm and of its Metrics' MetricStat, once;
// - state_changed_at = StateUpdatedTimestamp;
// - condition: a metric alarm's Namespace, MetricName, Statistic,
//   ExtendedStatistic, Dimensions, Period, EvaluationPeriods,
//   DatapointsToAlarm, Threshold, ThresholdMetricId, ComparisonOperator,
//   TreatMissingData and Metrics, those present, under AWS's names (numbers as
//   numbers); a composite alarm's {"AlarmRule": ...}.
token_page<inventory::record> parse_alarm_page(std::string_view xml, std::string_view region,
                                               std::string_view account_id);

// ALARM -> firing, OK -> ok, else unknown.
inventory::alert_state normalize_alarm_state(std::string_view state_value);

} // namespace cloudsync::collectors::aws
