// CloudWatch under /aws/monitoring/<region>/ (Query protocol, Version
// 2010-08-01, namespace http://monitoring.amazonaws.com/doc/2010-08-01/):
// GetMetricData (MetricDataQueries.member.N with MetricStat on AWS/EC2
// CPUUtilization, NetworkIn/Out, DiskReadBytes/WriteBytes, EBSReadBytes/
// EBSWriteBytes per InstanceId; at most 500 queries a call; StartTime,
// EndTime, ScanBy, MaxDatapoints and NextToken) and DescribeAlarms
// (MetricAlarms and CompositeAlarms by AlarmTypes, StateValue, MaxRecords,
// NextToken). Shapes per the moto templates and the botocore model; errors
// as <ErrorResponse>. Metric Insights and math expressions are not
// evaluated (their results come back empty with StatusCode Complete).
#pragma once

#include "cloudsim/aws_estate.hpp"
#include "cloudsim/aws_request.hpp"
#include "cloudsim/reply.hpp"

namespace cloudsync::cloudsim {

reply handle_cloudwatch(const aws_account& account, const aws_region& region,
                        const aws_params& params);

// The value of a metric for an instance at a time: deterministic, plausible
// (percent for CPUUtilization, bytes otherwise); nullopt for an unknown metric.
std::optional<double> aws_metric_value(const aws_instance& instance, std::string_view metric,
                                       std::int64_t time);

} // namespace cloudsync::cloudsim
