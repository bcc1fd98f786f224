// CloudWatch parsers on documents rendered by hand from the moto response
// templates in shared/fixtures/aws (cloudwatch.GetMetricData and
// cloudwatch.DescribeAlarms .moto-template.xml.j2: the template's elements in
// its order, its loops run with the values below; no AWS example body
// exists), plus the members the botocore model adds (NextToken, Messages),
// and malformed pages.
#include "collectors/aws/cloudwatch_pages.hpp"
#include "collectors/errors.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace cloudsync::collectors::aws {
namespace {

// GET_METRIC_DATA_TEMPLATE with two results: one with two points, one without.
constexpr std::string_view metric_data =
    R"(<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
   <GetMetricDataResult>
       <MetricDataResults>
            <member>
                <Id>cpu_0</Id>
                <Label>CPUUtilization</Label>
                <StatusCode>Complete</StatusCode>
                <Timestamps>
                    <member>2024-05-01T10:05:00+00:00</member>
                    <member>2024-05-01T10:00:00+00:00</member>
                </Timestamps>
                <Values>
                    <member>12.5</member>
                    <member>3.0</member>
                </Values>
            </member>
            <member>
                <Id>netin_0</Id>
                <Label>NetworkIn</Label>
                <StatusCode>Complete</StatusCode>
                <Timestamps>
                </Timestamps>
                <Values>
                </Values>
            </member>
       </MetricDataResults>
   </GetMetricDataResult>
   <ResponseMetadata>
       <RequestId>
            6b9e4f3a-0b1d-4a44-9f0e-1c2d3e4f5a6b
       </RequestId>
   </ResponseMetadata>
</GetMetricDataResponse>)";

TEST(AwsCloudWatchPages, MetricDataFromTheTemplate) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    // The template the document above was rendered from is still what it was.
    const auto j2 = test::aws_fixture("cloudwatch.GetMetricData.moto-template.xml.j2");
    EXPECT_NE(j2.find("<StatusCode>Complete</StatusCode>"), std::string::npos);
    EXPECT_NE(j2.find("{% for val in result.timestamps %}"), std::string::npos);

    const auto page = parse_metric_data_page(metric_data);
    EXPECT_FALSE(page.next_token);
    EXPECT_TRUE(page.messages.empty());
    ASSERT_EQ(page.results.size(), 2U);
    const auto& cpu = page.results[0];
    EXPECT_EQ(cpu.id, "cpu_0");
    EXPECT_EQ(cpu.label, "CPUUtilization");
    EXPECT_EQ(cpu.status_code, "Complete");
    ASSERT_EQ(cpu.timestamps.size(), 2U);
    EXPECT_EQ(common::format_utc(cpu.timestamps[0]), "2024-05-01T10:05:00Z");
    EXPECT_EQ(cpu.values, (std::vector<double>{12.5, 3.0}));
    EXPECT_TRUE(page.results[1].timestamps.empty());
    EXPECT_TRUE(page.results[1].values.empty());
}

TEST(AwsCloudWatchPages, MetricDataWithNextTokenAndMessages) {
    const auto page = parse_metric_data_page(
        "<GetMetricDataResponse><GetMetricDataResult><NextToken>abc+/=</NextToken>"
        "<Messages><member><Code>MaxQueryTimeRangeExceed</Code><Value>v</Value></member>"
        "</Messages><MetricDataResults><member><Values><member>1e3</member></Values>"
        "<Timestamps><member>2024-05-01T10:00:00Z</member></Timestamps><Id>q</Id>"
        "<StatusCode>PartialData</StatusCode><Messages><member><Code>ArithmeticError</Code>"
        "</member></Messages></member></MetricDataResults></GetMetricDataResult>"
        "</GetMetricDataResponse>");
    EXPECT_EQ(page.next_token, "abc+/=");
    ASSERT_EQ(page.messages.size(), 1U);
    EXPECT_EQ(page.messages[0].code, "MaxQueryTimeRangeExceed");
    EXPECT_EQ(page.messages[0].value, "v");
    const auto& r = page.results.at(0);
    EXPECT_EQ(r.status_code, "PartialData");
    EXPECT_EQ(r.values, std::vector<double>{1000.0});
    ASSERT_EQ(r.messages.size(), 1U);
    EXPECT_EQ(r.messages[0].code, "ArithmeticError");
}

// DESCRIBE_ALARMS_TEMPLATE with a metric alarm on one instance, a metric math
// alarm over two instances (Metrics, ThresholdMetricId) and a composite alarm.
constexpr std::string_view alarms =
    R"(<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
    <DescribeAlarmsResult>
        <MetricAlarms>
            <member>
                <ActionsEnabled>true</ActionsEnabled>
                <AlarmActions>
                    <member>arn:aws:sns:eu-west-1:123456789012:ops</member>
                </AlarmActions>
                <AlarmArn>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu-high</AlarmArn>
                <AlarmConfigurationUpdatedTimestamp>2024-05-01T09:00:00.000000+00:00</AlarmConfigurationUpdatedTimestamp>
                <AlarmDescription></AlarmDescription>
                <AlarmName>cpu-high</AlarmName>
                <ComparisonOperator>GreaterThanThreshold</ComparisonOperator>
                    <Dimensions>
                        <member>
                            <Name>InstanceId</Name>
                            <Value>i-0123456789abcdef0</Value>
                        </member>
                    </Dimensions>
                <EvaluationPeriods>2</EvaluationPeriods>
                <DatapointsToAlarm>2</DatapointsToAlarm>
                <InsufficientDataActions>
                </InsufficientDataActions>
                <MetricName>CPUUtilization</MetricName>
                <Namespace>AWS/EC2</Namespace>
                <OKActions>
                </OKActions>
                <Period>300</Period>
                <StateReason>Threshold Crossed</StateReason>
                <StateReasonData>{}</StateReasonData>
                <StateUpdatedTimestamp>2024-05-01T10:00:00.000000+00:00</StateUpdatedTimestamp>
                <StateValue>ALARM</StateValue>
                <Statistic>Average</Statistic>
                <Threshold>80.0</Threshold>
                <TreatMissingData>missing</TreatMissingData>
            </member>
            <member>
                <ActionsEnabled>false</ActionsEnabled>
                <AlarmActions>
                </AlarmActions>
                <AlarmArn>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:net-sum</AlarmArn>
                <AlarmConfigurationUpdatedTimestamp>2024-05-01T09:00:00.000000+00:00</AlarmConfigurationUpdatedTimestamp>
                <AlarmDescription>sum of two</AlarmDescription>
                <AlarmName>net-sum</AlarmName>
                <ComparisonOperator>LessThanThreshold</ComparisonOperator>
                <EvaluationPeriods>1</EvaluationPeriods>
                <InsufficientDataActions>
                </InsufficientDataActions>
                <Metrics>
                     <member>
                        <Id>a</Id>
                        <MetricStat>
                            <Metric>
                                <Namespace>AWS/EC2</Namespace>
                                <MetricName>NetworkIn</MetricName>
                                <Dimensions>
                                    <member>
                                        <Name>InstanceId</Name>
                                        <Value>i-aaaa</Value>
                                    </member>
                                </Dimensions>
                            </Metric>
                            <Period>60</Period>
                            <Stat>Sum</Stat>
                        </MetricStat>
                        <ReturnData>False</ReturnData>
                    </member>
                     <member>
                        <Id>b</Id>
                        <MetricStat>
                            <Metric>
                                <Namespace>AWS/EC2</Namespace>
                                <MetricName>NetworkIn</MetricName>
                                <Dimensions>
                                    <member>
                                        <Name>InstanceId</Name>
                                        <Value>i-bbbb</Value>
                                    </member>
                                </Dimensions>
                            </Metric>
                            <Period>60</Period>
                            <Stat>Sum</Stat>
                        </MetricStat>
                        <ReturnData>False</ReturnData>
                    </member>
                     <member>
                        <Id>e</Id>
                        <Expression>a+b</Expression>
                        <ReturnData>True</ReturnData>
                    </member>
                </Metrics>
                <OKActions>
                </OKActions>
                <StateReason>Unchecked: Initial alarm creation</StateReason>
                <StateReasonData></StateReasonData>
                <StateUpdatedTimestamp>2024-05-01T09:00:00.000000+00:00</StateUpdatedTimestamp>
                <StateValue>INSUFFICIENT_DATA</StateValue>
                <Threshold>1000.0</Threshold>
            </member>
        </MetricAlarms>
        <CompositeAlarms>
            <member>
                <ActionsEnabled>true</ActionsEnabled>
                <AlarmActions>
                </AlarmActions>
                <AlarmArn>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:both</AlarmArn>
                <AlarmConfigurationUpdatedTimestamp>2024-05-01T09:00:00.000000+00:00</AlarmConfigurationUpdatedTimestamp>
                <AlarmDescription></AlarmDescription>
                <AlarmName>both</AlarmName>
                <ComparisonOperator></ComparisonOperator>
                <EvaluationPeriods></EvaluationPeriods>
                <InsufficientDataActions>
                </InsufficientDataActions>
                <OKActions>
                </OKActions>
                <StateReason></StateReason>
                <StateReasonData></StateReasonData>
                <StateUpdatedTimestamp>2024-05-01T10:01:00.000000+00:00</StateUpdatedTimestamp>
                <StateValue>OK</StateValue>
                <AlarmRule>ALARM(cpu-high) AND ALARM(net-sum)</AlarmRule>
            </member>
        </CompositeAlarms>
    </DescribeAlarmsResult>
</DescribeAlarmsResponse>)";

TEST(AwsCloudWatchPages, AlarmsFromTheTemplate) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto j2 = test::aws_fixture("cloudwatch.DescribeAlarms.moto-template.xml.j2");
    EXPECT_NE(j2.find("('MetricAlarms', metric_alarms), ('CompositeAlarms', composite_alarms)"),
              std::string::npos);
    EXPECT_NE(j2.find("<AlarmRule>{{ alarm.rule }}</AlarmRule>"), std::string::npos);

    const auto page = parse_alarm_page(alarms, "eu-west-1", "123456789012");
    EXPECT_FALSE(page.next_token);
    ASSERT_EQ(page.items.size(), 3U);

    const auto& cpu = page.items[0];
    EXPECT_EQ(cpu.native_id, "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu-high");
    EXPECT_EQ(cpu.name, "cpu-high");
    EXPECT_EQ(cpu.region, "eu-west-1");
    EXPECT_EQ(cpu.tags, "{}");
    const auto& c = std::get<inventory::alert_columns>(cpu.columns);
    EXPECT_EQ(c.state, inventory::alert_state::firing);
    EXPECT_EQ(c.severity, "");
    EXPECT_EQ(c.enabled, true);
    EXPECT_EQ(c.target_ids, std::vector<std::string>{
                                "arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0"});
    ASSERT_TRUE(c.state_changed_at);
    EXPECT_EQ(common::format_utc(*c.state_changed_at), "2024-05-01T10:00:00Z");
    EXPECT_EQ(c.condition,
              R"({"Namespace":"AWS/EC2","MetricName":"CPUUtilization","Statistic":"Average",)"
              R"("ComparisonOperator":"GreaterThanThreshold","TreatMissingData":"missing",)"
              R"("Period":300,"EvaluationPeriods":2,"DatapointsToAlarm":2,"Threshold":8E1,)"
              R"("Dimensions":[{"Name":"InstanceId","Value":"i-0123456789abcdef0"}]})");
    EXPECT_NE(cpu.raw.find(R"("AlarmActions":["arn:aws:sns:eu-west-1:123456789012:ops"])"),
              std::string::npos);

    const auto& math = std::get<inventory::alert_columns>(page.items[1].columns);
    EXPECT_EQ(math.state, inventory::alert_state::unknown);
    EXPECT_EQ(math.enabled, false);
    EXPECT_EQ(math.target_ids,
              (std::vector<std::string>{"arn:aws:ec2:eu-west-1:123456789012:instance/i-aaaa",
                                        "arn:aws:ec2:eu-west-1:123456789012:instance/i-bbbb"}));
    EXPECT_NE(math.condition.find(R"("Metrics":[{"Id":"a","MetricStat")"), std::string::npos);

    const auto& both = page.items[2];
    EXPECT_EQ(both.name, "both");
    const auto& b = std::get<inventory::alert_columns>(both.columns);
    EXPECT_EQ(b.state, inventory::alert_state::ok);
    EXPECT_TRUE(b.target_ids.empty());
    EXPECT_EQ(b.condition, R"j({"AlarmRule":"ALARM(cpu-high) AND ALARM(net-sum)"})j");
}

TEST(AwsCloudWatchPages, AlarmPageWithNextTokenAndNoLists) {
    const auto page = parse_alarm_page("<DescribeAlarmsResponse><DescribeAlarmsResult>"
                                       "<NextToken>t1</NextToken><MetricAlarms/>"
                                       "</DescribeAlarmsResult></DescribeAlarmsResponse>",
                                       "r", "a");
    EXPECT_TRUE(page.items.empty());
    EXPECT_EQ(page.next_token, "t1");
}

TEST(AwsCloudWatchPages, AlarmStates) {
    EXPECT_EQ(normalize_alarm_state("ALARM"), inventory::alert_state::firing);
    EXPECT_EQ(normalize_alarm_state("OK"), inventory::alert_state::ok);
    EXPECT_EQ(normalize_alarm_state("INSUFFICIENT_DATA"), inventory::alert_state::unknown);
    EXPECT_EQ(normalize_alarm_state(""), inventory::alert_state::unknown);
}

std::string failure(const std::function<void()>& f) {
    try {
        f();
    } catch (const page_error& e) {
        return e.what();
    }
    return "no page_error";
}

TEST(AwsCloudWatchPages, MalformedPagesAreRefused) {
    const auto data = [](std::string body) {
        return failure([&] { parse_metric_data_page(body); });
    };
    EXPECT_EQ(data("<GetMetricDataResponse/>"),
              "malformed AWS page: GetMetricDataResponse has no GetMetricDataResult");
    const std::string head = "<GetMetricDataResponse><GetMetricDataResult><MetricDataResults>";
    const std::string tail = "</MetricDataResults></GetMetricDataResult></GetMetricDataResponse>";
    EXPECT_EQ(data(head + "<member><Label>x</Label></member>" + tail),
              "malformed AWS page: GetMetricDataResponse/GetMetricDataResult/MetricDataResults/"
              "member has no Id");
    EXPECT_EQ(data(head +
                   "<member><Id>q</Id><Timestamps><member>2024-05-01T10:00:00Z</member>"
                   "</Timestamps><Values/></member>" +
                   tail),
              "malformed AWS page: GetMetricDataResponse/GetMetricDataResult/MetricDataResults/"
              "member has 1 Timestamps but 0 Values");
    EXPECT_EQ(
        data(head + "<member><Id>q</Id><Values><member>NaN</member></Values></member>" + tail),
        "malformed AWS page: GetMetricDataResponse/GetMetricDataResult/MetricDataResults/"
        "member/Values/member is not a number");
    EXPECT_EQ(data(head +
                   "<member><Id>q</Id><Timestamps><member>yesterday</member></Timestamps>"
                   "</member>" +
                   tail),
              "malformed AWS page: GetMetricDataResponse/GetMetricDataResult/MetricDataResults/"
              "member/Timestamps/member is not a UTC time");
    const auto alarm = [](std::string member) {
        return failure([&] {
            parse_alarm_page("<DescribeAlarmsResponse><DescribeAlarmsResult><MetricAlarms>" +
                                 member +
                                 "</MetricAlarms></DescribeAlarmsResult>"
                                 "</DescribeAlarmsResponse>",
                             "r", "a");
        });
    };
    EXPECT_EQ(alarm("<member><AlarmName>x</AlarmName></member>"),
              "malformed AWS page: DescribeAlarmsResponse/DescribeAlarmsResult/MetricAlarms/member "
              "has no AlarmArn");
    EXPECT_EQ(alarm("<member><AlarmArn>arn:aws:cloudwatch:r:1:alarm:x</"
                    "AlarmArn><ActionsEnabled>yes</ActionsEnabled></member>"),
              "malformed AWS page: DescribeAlarmsResponse/DescribeAlarmsResult/MetricAlarms/member/"
              "ActionsEnabled is not true or false");
    EXPECT_EQ(alarm("<member><AlarmArn>arn:aws:cloudwatch:r:1:alarm:x</AlarmArn><Threshold>high</"
                    "Threshold></member>"),
              "malformed AWS page: DescribeAlarmsResponse/DescribeAlarmsResult/MetricAlarms/member/"
              "Threshold is not a number");
    EXPECT_EQ(alarm("<member><AlarmArn>cpu-high</AlarmArn></member>"),
              "malformed AWS page: DescribeAlarmsResponse/DescribeAlarmsResult/MetricAlarms/member/"
              "AlarmArn is not an ARN");
}

} // namespace
} // namespace cloudsync::collectors::aws
