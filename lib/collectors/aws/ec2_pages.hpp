// Parse of EC2 Query API answers (protocol `ec2`, XML) into what the AWS
// collectors need: the enabled regions (DescribeRegions), and pages of
// instances (DescribeInstances -> vms), VPCs (DescribeVpcs -> networks) and
// subnets (DescribeSubnets -> subnets) with their paging token. Pure: no
// requests, no paging loop. Elements are found by local name in any order,
// whatever the namespace (2014-06-15 and 2016-11-15 pages both read).
//
// Every parser throws page_error naming the element's path when the page is
// not XML, its root is not the operation's response, the item set is missing
// (EC2 sends an empty `<reservationSet/>`, never none), an item lacks its id,
// a single value appears twice or holds elements, or an address or CIDR is not
// one: never a partial page as if it were complete.
//
// ARNs are built in the `aws` partition with the account_id the caller passes
// (the account collected, also for a VPC shared from another owner: its row
// belongs to the account that sees it). A record's raw is the item element as
// JSON (detail/xml.hpp); DescribeInstances carries no userData.
#pragma once

#include "inventory/record.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::aws {

template <class T> struct token_page {
    std::vector<T> items;
    // nextToken; absent (or empty) on the last page. Opaque: it holds '+', '/'
    // and '=', so the next request URL-encodes it.
    std::optional<std::string> next_token;
};

// DescribeRegions: regionName of each region whose optInStatus is
// opt-in-not-required or opted-in (or absent: older pages have none), in
// document order. A not-opted-in region is left out.
std::vector<std::string> parse_regions(std::string_view xml);

// DescribeInstances: one vms record per instance of every reservation:
// native_id arn:aws:ec2:REGION:ACCOUNT:instance/ID, name = the Name tag else
// the id, size = instanceType, state from instanceState name (pending ->
// starting, running, stopping, shutting-down -> stopping, stopped, terminated;
// by the low byte of its code when the name is absent; else unknown),
// native_state that name, private and public IPs of every interface
// (privateIpAddress and privateIpAddressesSet private; association publicIp
// public; ipv6AddressesSet public too: AWS gives instances globally unique
// IPv6 addresses, reachable from the internet unless the subnet's routes say
// otherwise, which this page does not show) and of the instance itself
// (privateIpAddress, ipAddress), each once; os from platformDetails (Windows* -> windows;
// Linux/UNIX, Red Hat*, SUSE*, Ubuntu*, anything naming Linux -> linux; else "") or, when absent,
// platform (windows); tags the tagSet as an object; region = region.
token_page<inventory::record> parse_instance_page(std::string_view xml, std::string_view region,
                                                  std::string_view account_id);

// DescribeVpcs: networks records: native_id arn:aws:ec2:REGION:ACCOUNT:vpc/ID,
// cidrs = cidrBlock plus every cidrBlockAssociationSet and
// ipv6CidrBlockAssociationSet entry whose state is associated, each once;
// name = the Name tag else the id.
token_page<inventory::record> parse_vpc_page(std::string_view xml, std::string_view region,
                                             std::string_view account_id);

// DescribeSubnets: subnets records: native_id subnetArn when it is
// arn:<partition>:ec2:REGION:ACCOUNT:subnet/<subnetId>, else built so in the
// aws partition (AWS's own example has an ARN naming another subnet id);
// cidr = cidrBlock, or the first associated IPv6 block of an IPv6-only subnet;
// network_id = vpc_arn(region, account_id, vpcId); name = Name tag else id.
token_page<inventory::record> parse_subnet_page(std::string_view xml, std::string_view region,
                                                std::string_view account_id);

// arn:aws:ec2:REGION:ACCOUNT:<type>/<id>, the native_id of an EC2 resource
// (type "instance", "vpc", "subnet"): what CloudWatch dimensions and subnets
// join on.
std::string ec2_arn(std::string_view region, std::string_view account_id, std::string_view type,
                    std::string_view id);

// pending -> starting, running, stopping, shutting-down -> stopping, stopped,
// terminated; anything else unknown.
inventory::vm_state normalize_instance_state(std::string_view name);

// windows, linux or "" from platformDetails (see parse_instance_page).
std::string os_of_platform(std::string_view platform_details);

} // namespace cloudsync::collectors::aws
