// EC2 page parsers on every EC2 example (AWS documentation and botocore test
// data, two API versions), on documents without whitespace and with elements
// reordered (AWS announced both), and on malformed pages.
#include "collectors/aws/ec2_pages.hpp"
#include "collectors/errors.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <regex>

namespace cloudsync::collectors::aws {
namespace {

using inventory::vm_state;

std::string compact(const std::string& xml) {
    // Drops the whitespace between elements, as EC2 answers since 2025.
    return std::regex_replace(xml, std::regex(">\\s+<"), "><");
}

TEST(AwsEc2Pages, RegionsOfTheDocumentationExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    EXPECT_EQ(parse_regions(test::aws_fixture("ec2.DescribeRegions.xml")),
              (std::vector<std::string>{"us-east-1", "eu-west-1"}));
    // 2014 pages have no optInStatus: every region listed is enabled.
    EXPECT_EQ(
        parse_regions(test::aws_fixture("ec2.DescribeRegions.botocore.xml")),
        (std::vector<std::string>{"eu-west-1", "sa-east-1", "us-east-1", "ap-northeast-1",
                                  "us-west-2", "us-west-1", "ap-southeast-1", "ap-southeast-2"}));
}

TEST(AwsEc2Pages, RegionsNotOptedInAreLeftOut) {
    const auto regions = parse_regions(
        "<DescribeRegionsResponse><regionInfo>"
        "<item><optInStatus>not-opted-in</optInStatus><regionName>af-south-1</regionName></item>"
        "<item><regionName>ap-east-1</regionName><optInStatus>opted-in</optInStatus></item>"
        "</regionInfo></DescribeRegionsResponse>");
    EXPECT_EQ(regions, std::vector<std::string>{"ap-east-1"});
}

TEST(AwsEc2Pages, InstanceOfTheDocumentationExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::aws_fixture("ec2.DescribeInstances.xml");
    for (const auto& xml : {text, compact(text)}) {
        const auto page = parse_instance_page(xml, "eu-west-1", "123456789012");
        ASSERT_EQ(page.items.size(), 1U);
        EXPECT_FALSE(page.next_token);
        const auto& vm = page.items[0];
        EXPECT_EQ(vm.native_id, "arn:aws:ec2:eu-west-1:123456789012:instance/i-1234567890abcdef0");
        EXPECT_EQ(vm.name, "Server_1");
        EXPECT_EQ(vm.region, "eu-west-1");
        EXPECT_EQ(vm.tags, R"({"Name":"Server_1"})");
        const auto& c = std::get<inventory::vm_columns>(vm.columns);
        EXPECT_EQ(c.state, vm_state::running);
        EXPECT_EQ(c.native_state, "running");
        EXPECT_EQ(c.size, "t2.micro");
        EXPECT_EQ(c.os, ""); // no platformDetails in the example
        EXPECT_EQ(c.private_ips, std::vector<std::string>{"192.168.1.88"});
        EXPECT_EQ(c.public_ips,
                  (std::vector<std::string>{"54.194.252.215", "2001:db8:1234:1a2b::123"}));
        EXPECT_NE(vm.raw.find(R"("instanceId":"i-1234567890abcdef0")"), std::string::npos);
        EXPECT_NE(vm.raw.find(R"("tagSet":[{"key":"Name","value":"Server_1"}])"),
                  std::string::npos);
        EXPECT_NE(vm.raw.find(R"("cpuOptions":{"coreCount":"1","threadsPerCore":"1"})"),
                  std::string::npos);
    }
}

TEST(AwsEc2Pages, InstancesOfEveryReservationOfTheBotocoreExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto page = parse_instance_page(test::aws_fixture("ec2.DescribeInstances.botocore.xml"),
                                          "us-west-2", "123456789012");
    ASSERT_EQ(page.items.size(), 2U);
    const auto& stopped = page.items[0];
    EXPECT_EQ(stopped.native_id, "arn:aws:ec2:us-west-2:123456789012:instance/i-fde9cece");
    EXPECT_EQ(stopped.name, "i-fde9cece"); // no Name tag
    EXPECT_EQ(stopped.tags, R"({"notebook":""})");
    const auto& s = std::get<inventory::vm_columns>(stopped.columns);
    EXPECT_EQ(s.state, vm_state::stopped);
    EXPECT_EQ(s.size, "m1.small");
    EXPECT_TRUE(s.private_ips.empty());
    EXPECT_TRUE(s.public_ips.empty());
    const auto& windows = page.items[1];
    EXPECT_EQ(windows.name, "i-78f1b94a");
    EXPECT_EQ(windows.tags, "{}");
    const auto& w = std::get<inventory::vm_columns>(windows.columns);
    EXPECT_EQ(w.state, vm_state::running);
    EXPECT_EQ(w.os, "windows"); // from <platform>windows</platform>
    EXPECT_EQ(w.private_ips, std::vector<std::string>{"10.253.17.74"});
    EXPECT_EQ(w.public_ips, std::vector<std::string>{"54.245.16.142"});
}

// A page as EC2 now sends it: no whitespace, elements in another order, a
// nextToken, every interface and its secondary addresses.
TEST(AwsEc2Pages, InstancePageInAnyOrderWithNextToken) {
    const auto page = parse_instance_page(
        "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
        "<nextToken>eyJ2IjoiMiJ9+/=</nextToken><reservationSet><item><instancesSet><item>"
        "<networkInterfaceSet><item><privateIpAddressesSet>"
        "<item><association><publicIp>3.3.3.3</publicIp></association>"
        "<privateIpAddress>10.0.0.6</privateIpAddress></item>"
        "<item><privateIpAddress>10.0.0.5</privateIpAddress></item></privateIpAddressesSet>"
        "<privateIpAddress>10.0.0.5</privateIpAddress></item>"
        "<item><privateIpAddress>10.0.1.9</privateIpAddress></item></networkInterfaceSet>"
        "<platformDetails>Red Hat Enterprise Linux</platformDetails>"
        "<instanceState><name>shutting-down</name><code>32</code></instanceState>"
        "<tagSet><item><value>web</value><key>Name</key></item></tagSet>"
        "<instanceId>i-0abc</instanceId></item></instancesSet></item></reservationSet>"
        "<requestId>r</requestId></DescribeInstancesResponse>",
        "us-east-2", "111122223333");
    ASSERT_EQ(page.items.size(), 1U);
    EXPECT_EQ(page.next_token, "eyJ2IjoiMiJ9+/=");
    EXPECT_EQ(page.items[0].name, "web");
    const auto& c = std::get<inventory::vm_columns>(page.items[0].columns);
    EXPECT_EQ(c.state, vm_state::stopping);
    EXPECT_EQ(c.os, "linux");
    EXPECT_EQ(c.private_ips, (std::vector<std::string>{"10.0.0.5", "10.0.0.6", "10.0.1.9"}));
    EXPECT_EQ(c.public_ips, std::vector<std::string>{"3.3.3.3"});
}

TEST(AwsEc2Pages, StateFromTheCodeWhenTheNameIsMissing) {
    const auto page = parse_instance_page(
        "<DescribeInstancesResponse><reservationSet><item><instancesSet><item>"
        "<instanceId>i-1</instanceId><instanceState><code>336</code></instanceState>"
        "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>",
        "r", "a");
    const auto& c = std::get<inventory::vm_columns>(page.items.at(0).columns);
    EXPECT_EQ(c.native_state, "stopped"); // 336 & 0xff = 80
    EXPECT_EQ(c.state, vm_state::stopped);
}

TEST(AwsEc2Pages, EmptyPageAndEmptyNextToken) {
    const auto page = parse_instance_page(
        "<DescribeInstancesResponse><reservationSet/><nextToken/></DescribeInstancesResponse>", "r",
        "a");
    EXPECT_TRUE(page.items.empty());
    EXPECT_FALSE(page.next_token);
}

// The only EC2 example with a nextToken answers another operation: it is
// refused as a DescribeInstances page, and the token it shows (last child of
// the response, '/', '+' and '=' in it) reads from a page of the same layout.
TEST(AwsEc2Pages, NextTokenWhereEc2PutsIt) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto other =
        test::aws_fixture("ec2.DescribeReservedInstancesOfferings.nextToken.botocore.xml");
    try {
        parse_instance_page(other, "us-west-2", "1");
        ADD_FAILURE() << "another operation's page was read";
    } catch (const page_error& e) {
        EXPECT_STREQ(e.what(), "malformed AWS page: root element "
                               "DescribeReservedInstancesOfferingsResponse, expected "
                               "DescribeInstancesResponse");
    }
    const auto page = parse_instance_page(
        "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2014-06-15/\">"
        "<requestId>404d7db3-3ec5-4400-8d72-74b1553f176e</requestId><reservationSet/>"
        "<nextToken>JqBdtVdGsvMjUysyEgwy/jVBCGAjj9G4/ivkfsXHt9A=</nextToken>"
        "</DescribeInstancesResponse>",
        "us-west-2", "1");
    EXPECT_EQ(page.next_token, "JqBdtVdGsvMjUysyEgwy/jVBCGAjj9G4/ivkfsXHt9A=");
    EXPECT_NE(other.find("<nextToken>JqBdtVdGsvMjUysyEgwy/jVBCGAjj9G4/ivkfsXHt9A=</nextToken>"),
              std::string::npos);
}

TEST(AwsEc2Pages, InstanceStatesAndPlatforms) {
    EXPECT_EQ(normalize_instance_state("pending"), vm_state::starting);
    EXPECT_EQ(normalize_instance_state("running"), vm_state::running);
    EXPECT_EQ(normalize_instance_state("stopping"), vm_state::stopping);
    EXPECT_EQ(normalize_instance_state("shutting-down"), vm_state::stopping);
    EXPECT_EQ(normalize_instance_state("stopped"), vm_state::stopped);
    EXPECT_EQ(normalize_instance_state("terminated"), vm_state::terminated);
    EXPECT_EQ(normalize_instance_state(""), vm_state::unknown);
    EXPECT_EQ(normalize_instance_state("rebooting"), vm_state::unknown);
    for (const auto* windows : {"Windows", "Windows BYOL", "Windows with SQL Server Enterprise"})
        EXPECT_EQ(os_of_platform(windows), "windows") << windows;
    for (const auto* linux_os : {"Linux/UNIX", "Red Hat BYOL Linux",
                                 "Red Hat Enterprise Linux with HA", "SUSE Linux", "Ubuntu Pro"})
        EXPECT_EQ(os_of_platform(linux_os), "linux") << linux_os;
    EXPECT_EQ(os_of_platform(""), "");
    EXPECT_EQ(os_of_platform("Something else"), "");
}

TEST(AwsEc2Pages, VpcsOfBothExamples) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto doc =
        parse_vpc_page(test::aws_fixture("ec2.DescribeVpcs.xml"), "us-east-2", "111122223333");
    ASSERT_EQ(doc.items.size(), 3U);
    EXPECT_FALSE(doc.next_token);
    EXPECT_EQ(doc.items[0].native_id,
              "arn:aws:ec2:us-east-2:111122223333:vpc/vpc-081ec835f3EXAMPLE");
    EXPECT_EQ(doc.items[0].name, "MyVPC");
    EXPECT_EQ(doc.items[0].tags, R"({"Name":"MyVPC"})");
    EXPECT_EQ(std::get<inventory::network_columns>(doc.items[0].columns).cidrs,
              std::vector<std::string>{"10.0.1.0/24"});
    EXPECT_EQ(doc.items[1].name, "vpc-0ee975135dEXAMPLE");
    // A VPC shared by another owner is still the collected account's row.
    EXPECT_EQ(doc.items[2].native_id,
              "arn:aws:ec2:us-east-2:111122223333:vpc/vpc-06e4ab6c6cEXAMPLE");
    EXPECT_EQ(doc.items[2].name, "Shared VPC");
    const auto old = parse_vpc_page(test::aws_fixture("ec2.DescribeVpcs.botocore.xml"), "us-west-2",
                                    "123456789012");
    ASSERT_EQ(old.items.size(), 1U);
    EXPECT_EQ(std::get<inventory::network_columns>(old.items[0].columns).cidrs,
              std::vector<std::string>{"10.0.0.0/16"});
}

TEST(AwsEc2Pages, VpcCidrsAreEveryAssociatedBlock) {
    const auto page = parse_vpc_page(
        "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock>"
        "<cidrBlockAssociationSet>"
        "<item><cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockState><state>associated</state>"
        "</cidrBlockState></item>"
        "<item><cidrBlock>10.1.0.0/16</cidrBlock><cidrBlockState><state>associated</state>"
        "</cidrBlockState></item>"
        "<item><cidrBlock>10.2.0.0/16</cidrBlock><cidrBlockState><state>disassociated</state>"
        "</cidrBlockState></item></cidrBlockAssociationSet>"
        "<ipv6CidrBlockAssociationSet><item><ipv6CidrBlock>2600:1f16:115:200::/56</ipv6CidrBlock>"
        "<ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState></item>"
        "</ipv6CidrBlockAssociationSet></item></vpcSet><nextToken>t</nextToken>"
        "</DescribeVpcsResponse>",
        "eu-west-1", "1");
    EXPECT_EQ(page.next_token, "t");
    EXPECT_EQ(std::get<inventory::network_columns>(page.items.at(0).columns).cidrs,
              (std::vector<std::string>{"10.0.0.0/16", "10.1.0.0/16", "2600:1f16:115:200::/56"}));
}

TEST(AwsEc2Pages, SubnetsOfBothExamples) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto doc = parse_subnet_page(test::aws_fixture("ec2.DescribeSubnets.xml"), "us-east-2",
                                       "111122223333");
    ASSERT_EQ(doc.items.size(), 2U);
    // The example's subnetArn names another subnet id: the ARN is built instead.
    EXPECT_EQ(doc.items[0].native_id,
              "arn:aws:ec2:us-east-2:111122223333:subnet/subnet-0bb1c79de301436ee");
    EXPECT_EQ(doc.items[0].name, "subnet-0bb1c79de301436ee");
    const auto& first = std::get<inventory::subnet_columns>(doc.items[0].columns);
    EXPECT_EQ(first.cidr, "10.0.2.0/24");
    EXPECT_EQ(first.network_id, "arn:aws:ec2:us-east-2:111122223333:vpc/vpc-0ee975135dEXAMPLE");
    const auto& second = std::get<inventory::subnet_columns>(doc.items[1].columns);
    EXPECT_EQ(second.cidr, "10.0.0.0/24");
    EXPECT_EQ(second.network_id, "arn:aws:ec2:us-east-2:111122223333:vpc/vpc-07e8ffd50fEXAMPLE");
    const auto old = parse_subnet_page(test::aws_fixture("ec2.DescribeSubnets.botocore.xml"),
                                       "us-west-2", "123456789012");
    ASSERT_EQ(old.items.size(), 1U);
    EXPECT_EQ(old.items[0].native_id, "arn:aws:ec2:us-west-2:123456789012:subnet/subnet-812910e8");
    EXPECT_EQ(std::get<inventory::subnet_columns>(old.items[0].columns).network_id,
              "arn:aws:ec2:us-west-2:123456789012:vpc/vpc-8d2910e4");
}

TEST(AwsEc2Pages, SubnetArnKeptWhenConsistentAndIpv6OnlyCidr) {
    const auto page = parse_subnet_page(
        "<DescribeSubnetsResponse><subnetSet><item><subnetId>subnet-1</subnetId>"
        "<subnetArn>arn:aws-cn:ec2:cn-north-1:42:subnet/subnet-1</subnetArn><vpcId>vpc-9</vpcId>"
        "<ipv6CidrBlockAssociationSet><item><ipv6CidrBlock>2600:1f16::/64</ipv6CidrBlock>"
        "<ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState></item>"
        "</ipv6CidrBlockAssociationSet></item></subnetSet></DescribeSubnetsResponse>",
        "cn-north-1", "42");
    EXPECT_EQ(page.items.at(0).native_id, "arn:aws-cn:ec2:cn-north-1:42:subnet/subnet-1");
    EXPECT_EQ(std::get<inventory::subnet_columns>(page.items[0].columns).cidr, "2600:1f16::/64");
}

std::string failure(const std::function<void()>& f) {
    try {
        f();
    } catch (const page_error& e) {
        return e.what();
    }
    return "no page_error";
}

TEST(AwsEc2Pages, MalformedPagesAreRefused) {
    const auto instances = [](std::string body) {
        return failure([&] { parse_instance_page(body, "r", "a"); });
    };
    EXPECT_EQ(instances("<html>502</html>"),
              "malformed AWS page: root element html, expected DescribeInstancesResponse");
    EXPECT_EQ(instances("<DescribeInstancesResponse><requestId>x</requestId>"
                        "</DescribeInstancesResponse>"),
              "malformed AWS page: DescribeInstancesResponse has no reservationSet");
    EXPECT_EQ(instances("<DescribeInstancesResponse><reservationSet><item><instancesSet><item>"
                        "<instanceType>t3</instanceType></item></instancesSet></item>"
                        "</reservationSet></DescribeInstancesResponse>"),
              "malformed AWS page: DescribeInstancesResponse/reservationSet/item/instancesSet/item "
              "has no instanceId");
    EXPECT_EQ(instances("<DescribeInstancesResponse><reservationSet><item><instancesSet><item>"
                        "<instanceId>i-1</instanceId><privateIpAddress>10.0.0.300"
                        "</privateIpAddress></item></instancesSet></item></reservationSet>"
                        "</DescribeInstancesResponse>"),
              "malformed AWS page: DescribeInstancesResponse/reservationSet/item/instancesSet/item/"
              "privateIpAddress is not an IP address");
    EXPECT_EQ(instances("<DescribeInstancesResponse><reservationSet><item><instancesSet><item>"
                        "<instanceId>i-1</instanceId><instanceId>i-2</instanceId></item>"
                        "</instancesSet></item></reservationSet></DescribeInstancesResponse>"),
              "malformed AWS page: DescribeInstancesResponse/reservationSet/item/instancesSet/item/"
              "instanceId[2] appears twice");
    EXPECT_EQ(instances("<DescribeInstancesResponse><reservationSet><item><instancesSet><item>"
                        "<instanceId>i-1</instanceId><tagSet><item><value>v</value></item>"
                        "</tagSet></item></instancesSet></item></reservationSet>"
                        "</DescribeInstancesResponse>"),
              "malformed AWS page: DescribeInstancesResponse/reservationSet/item/instancesSet/item/"
              "tagSet/item has no key");
    EXPECT_EQ(instances("<DescribeInstancesResponse><reservationSet><item><instancesSet>"
                        "<item><instanceId>i-1</instanceId></item>"),
              "malformed AWS page: not an XML document (expected DescribeInstancesResponse)");
    EXPECT_EQ(failure([] {
                  parse_vpc_page("<DescribeVpcsResponse><vpcSet><item><vpcId>v</vpcId>"
                                 "<cidrBlock>10.0.0.0/33</cidrBlock></item></vpcSet>"
                                 "</DescribeVpcsResponse>",
                                 "r", "a");
              }),
              "malformed AWS page: DescribeVpcsResponse/vpcSet/item/cidrBlock is not a CIDR block");
    EXPECT_EQ(failure([] {
                  parse_subnet_page("<DescribeSubnetsResponse><subnetSet><item><subnetId>s"
                                    "</subnetId></item></subnetSet></DescribeSubnetsResponse>",
                                    "r", "a");
              }),
              "malformed AWS page: DescribeSubnetsResponse/subnetSet/item has no vpcId");
    EXPECT_EQ(failure([] {
                  parse_regions("<DescribeRegionsResponse><regionInfo><item/>"
                                "</regionInfo></DescribeRegionsResponse>");
              }),
              "malformed AWS page: DescribeRegionsResponse/regionInfo/item has no regionName");
}

} // namespace
} // namespace cloudsync::collectors::aws
