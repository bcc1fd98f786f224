#include "cloudsim/aws_ec2.hpp"

#include "cloudsim/aws_reply.hpp"
#include "cloudsim/detail/aws_token.hpp"
#include "cloudsim/detail/rng.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <variant>

namespace cloudsync::cloudsim {

namespace {

constexpr std::string_view ec2_namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

void element(std::string& out, std::string_view name, std::string_view text) {
    append_xml_element(out, name, text);
}

std::string open_response(std::string_view action, const std::string& request_id) {
    std::string body =
        "<" + std::string(action) + "Response xmlns=\"" + std::string(ec2_namespace) + "\">";
    element(body, "requestId", request_id);
    return body;
}

void tag_set(std::string& out, const std::vector<std::pair<std::string, std::string>>& tags) {
    if (tags.empty()) {
        out += "<tagSet/>";
        return;
    }
    out += "<tagSet>";
    for (const auto& [k, v] : tags) {
        out += "<item>";
        element(out, "key", k);
        element(out, "value", v);
        out += "</item>";
    }
    out += "</tagSet>";
}

struct page_request {
    std::size_t size = 0;
    std::uint64_t start = 0;
};

// MaxResults (5..1000) and NextToken of list `kind`; an error reply when invalid.
std::variant<page_request, reply> read_paging(const aws_params& params, std::string_view kind,
                                              std::size_t fallback) {
    page_request page{fallback, 0};
    if (const auto max = aws_param(params, "MaxResults")) {
        long value = 0;
        const auto [end, ec] = std::from_chars(max->data(), max->data() + max->size(), value);
        if (ec != std::errc{} || end != max->data() + max->size() || value < 5 || value > 1000)
            return aws_ec2_error(400, "InvalidParameterValue",
                                 "Value ( " + *max +
                                     " ) for parameter maxResults is invalid. Expecting a value "
                                     "between 5 and 1000.");
        page.size = static_cast<std::size_t>(value);
    }
    if (const auto token = aws_param(params, "NextToken"); token && !token->empty()) {
        const auto position = detail::aws_page_position(kind, *token);
        if (!position)
            return aws_ec2_error(400, "InvalidPaginationToken", "Invalid pagination token.");
        page.start = *position;
    }
    return page;
}

std::string private_dns(const std::string& ip, const aws_region& r) {
    std::string name = "ip-" + ip;
    std::replace(name.begin(), name.end(), '.', '-');
    return name + (r.name == "us-east-1" ? ".ec2.internal" : "." + r.name + ".compute.internal");
}

std::string public_dns(const std::string& ip, const aws_region& r) {
    if (ip.empty())
        return "";
    std::string name = "ec2-" + ip;
    std::replace(name.begin(), name.end(), '.', '-');
    return name + (r.name == "us-east-1" ? ".compute-1.amazonaws.com"
                                         : "." + r.name + ".compute.amazonaws.com");
}

void network_interface(std::string& out, const aws_account& a, const aws_region& r,
                       const aws_instance& i, std::size_t nic, const std::string& vpc,
                       const std::string& subnet) {
    const std::string ip = aws_private_ip(a, r, i, nic);
    const std::string public_ip = aws_public_ip(i, nic);
    const std::string eni = "eni-0" + aws_instance_id(i).substr(3, 15) + std::to_string(nic);
    out += "<item>";
    element(out, "networkInterfaceId", eni);
    element(out, "subnetId", subnet);
    element(out, "vpcId", vpc);
    element(out, "description", nic == 0 ? "Primary network interface" : "");
    element(out, "ownerId", a.options.id);
    element(out, "status", "in-use");
    element(out, "macAddress",
            "02:" + aws_instance_id(i).substr(3, 2) + ":00:00:00:0" + std::to_string(nic));
    element(out, "privateIpAddress", ip);
    element(out, "privateDnsName", private_dns(ip, r));
    element(out, "sourceDestCheck", "true");
    out += "<groupSet><item><groupId>sg-0" +
           aws_vpc_id(r.vpcs[aws_instance_vpc(r, i)]).substr(5, 8) +
           "</groupId><groupName>default</groupName></item></groupSet>";
    out += "<attachment>";
    element(out, "attachmentId",
            "eni-attach-0" + aws_instance_id(i).substr(3, 15) + std::to_string(nic));
    element(out, "deviceIndex", std::to_string(nic));
    element(out, "status", "attached");
    element(out, "attachTime", aws_launch_time(i));
    element(out, "deleteOnTermination", nic == 0 ? "true" : "false");
    out += "</attachment>";
    std::string association;
    if (!public_ip.empty()) {
        association = "<association>";
        element(association, "publicIp", public_ip);
        element(association, "publicDnsName", public_dns(public_ip, r));
        element(association, "ipOwnerId", "amazon");
        association += "</association>";
    }
    out += association;
    out += "<privateIpAddressesSet><item>";
    element(out, "privateIpAddress", ip);
    element(out, "privateDnsName", private_dns(ip, r));
    element(out, "primary", "true");
    out += association;
    out += "</item></privateIpAddressesSet><ipv6AddressesSet/></item>";
}

void instance(std::string& out, const aws_account& a, const aws_region& r, const aws_instance& i) {
    const bool terminated = i.state.code == 48;
    const std::string id = aws_instance_id(i);
    const std::string platform = aws_platform_details(i);
    const std::string public_ip = aws_public_ip(i, 0);
    const auto& vpc_record = r.vpcs[aws_instance_vpc(r, i)];
    const std::string vpc = aws_vpc_id(vpc_record);
    const std::string subnet = aws_subnet_id(vpc_record, aws_instance_subnet(a, i));
    const std::string ip = aws_private_ip(a, r, i, 0);
    out += "<item>";
    element(out, "instanceId", id);
    element(out, "imageId", "ami-0" + id.substr(4, 16));
    out += "<instanceState><code>" + std::to_string(i.state.code) + "</code><name>" +
           std::string(i.state.name) + "</name></instanceState>";
    element(out, "privateDnsName", terminated ? "" : private_dns(ip, r));
    element(out, "dnsName", public_dns(public_ip, r));
    out += i.state.code == 80 ? "<reason>User initiated</reason>" : "<reason/>";
    element(out, "keyName", "sim-key");
    element(out, "amiLaunchIndex", "0");
    out += "<productCodes/>";
    element(out, "instanceType", aws_instance_type(i));
    element(out, "launchTime", aws_launch_time(i));
    out += "<placement>";
    element(out, "availabilityZone", aws_availability_zone(r, aws_instance_subnet(a, i)));
    out += "<groupName/><tenancy>default</tenancy></placement>";
    if (platform == "Windows")
        element(out, "platform", "windows");
    element(out, "platformDetails", platform);
    out += "<monitoring><state>disabled</state></monitoring>";
    if (!terminated) {
        element(out, "subnetId", subnet);
        element(out, "vpcId", vpc);
        element(out, "privateIpAddress", ip);
    }
    if (!public_ip.empty())
        element(out, "ipAddress", public_ip);
    out += "<sourceDestCheck>true</sourceDestCheck><groupSet/>";
    element(out, "architecture", aws_instance_type(i).starts_with("c6g") ? "arm64" : "x86_64");
    out += "<rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</"
           "rootDeviceName><blockDeviceMapping/>";
    out += "<virtualizationType>hvm</virtualizationType>";
    tag_set(out, aws_instance_tags(i));
    out += "<hypervisor>xen</hypervisor><networkInterfaceSet>";
    if (!terminated) {
        for (std::size_t nic = 0; nic < aws_network_interfaces(i); ++nic)
            network_interface(out, a, r, i, nic, vpc, subnet);
    }
    out += "</networkInterfaceSet><ebsOptimized>false</ebsOptimized></item>";
}

std::string reservation_id(const aws_region& r, std::uint64_t group) {
    return "r-0" + aws_instance_id({group, detail::hash(r.index, group, 0x7e5), {}, 0}).substr(3);
}

reply describe_instances(const aws_account& a, const aws_region& r, const aws_params& params,
                         std::size_t fallback) {
    std::vector<std::string> ids;
    for (std::size_t n = 1;; ++n) {
        auto id = aws_param(params, "InstanceId." + std::to_string(n));
        if (!id)
            break;
        ids.push_back(std::move(*id));
    }
    if (!ids.empty() && aws_param(params, "MaxResults"))
        return aws_ec2_error(
            400, "InvalidParameterCombination",
            "The parameter instancesSet cannot be used with the parameter maxResults");
    // Filter.N.Name=instance-state-name with Filter.N.Value.M: the one filter
    // served (the metrics collector lists running instances with it); any
    // other filter name is refused, as EC2 refuses one it does not know.
    std::vector<std::string> states;
    for (std::size_t n = 1;; ++n) {
        const std::string prefix = "Filter." + std::to_string(n) + ".";
        const auto name = aws_param(params, prefix + "Name");
        if (!name)
            break;
        if (*name != "instance-state-name")
            return aws_ec2_error(400, "InvalidParameterValue",
                                 "The filter '" + *name + "' is invalid");
        for (std::size_t m = 1;; ++m) {
            auto value = aws_param(params, prefix + "Value." + std::to_string(m));
            if (!value)
                break;
            states.push_back(std::move(*value));
        }
    }
    const auto wanted = [&states](const aws_instance& i) {
        return states.empty() ||
               std::find(states.begin(), states.end(), i.state.name) != states.end();
    };
    const std::string kind = "ec2:instances:" + r.name;
    auto paging = read_paging(params, kind, fallback);
    if (auto* error = std::get_if<reply>(&paging))
        return std::move(*error);
    const auto page = std::get<page_request>(paging);

    std::vector<const aws_instance*> chosen;
    std::optional<std::uint64_t> next;
    if (!ids.empty()) {
        for (const auto& id : ids) {
            const auto it =
                std::find_if(r.instances.begin(), r.instances.end(),
                             [&](const aws_instance& i) { return aws_instance_id(i) == id; });
            if (it == r.instances.end())
                return aws_ec2_error(400, "InvalidInstanceID.NotFound",
                                     "The instance ID '" + id + "' does not exist");
            chosen.push_back(&*it);
        }
    } else {
        // Instances are kept by index; the token holds the next index, so a
        // mutation between pages neither repeats nor skips the others.
        auto it = std::lower_bound(
            r.instances.begin(), r.instances.end(), page.start,
            [](const aws_instance& i, std::uint64_t start) { return i.index < start; });
        for (; it != r.instances.end() && chosen.size() < page.size; ++it)
            if (wanted(*it))
                chosen.push_back(&*it);
        if (it != r.instances.end())
            next = it->index;
    }
    const std::string id = aws_request_id();
    std::string body = open_response("DescribeInstances", id);
    body += "<reservationSet>";
    // Instances launched together (index / 4) share a reservation.
    for (std::size_t k = 0; k < chosen.size();) {
        const std::uint64_t group = chosen[k]->index / 4;
        body += "<item>";
        element(body, "reservationId", reservation_id(r, group));
        element(body, "ownerId", a.options.id);
        body += "<groupSet/><instancesSet>";
        for (; k < chosen.size() && chosen[k]->index / 4 == group; ++k)
            instance(body, a, r, *chosen[k]);
        body += "</instancesSet></item>";
    }
    body += "</reservationSet>";
    if (next)
        element(body, "nextToken", detail::aws_page_token(kind, *next));
    body += "</DescribeInstancesResponse>";
    return aws_xml_reply(std::move(body), id);
}

reply describe_regions(const aws_account& a) {
    const std::string id = aws_request_id();
    std::string body = open_response("DescribeRegions", id);
    body += "<regionInfo>";
    for (const auto& r : a.regions) {
        body += "<item>";
        element(body, "regionName", r.name);
        element(body, "regionEndpoint", "ec2." + r.name + ".amazonaws.com");
        element(body, "optInStatus", "opt-in-not-required");
        body += "</item>";
    }
    body += "</regionInfo></DescribeRegionsResponse>";
    return aws_xml_reply(std::move(body), id);
}

reply describe_vpcs(const aws_account& a, const aws_region& r, const aws_params& params,
                    std::size_t fallback) {
    const std::string kind = "ec2:vpcs:" + r.name;
    auto paging = read_paging(params, kind, fallback);
    if (auto* error = std::get_if<reply>(&paging))
        return std::move(*error);
    const auto page = std::get<page_request>(paging);
    const std::string id = aws_request_id();
    std::string body = open_response("DescribeVpcs", id);
    body += "<vpcSet>";
    std::uint64_t v = page.start;
    for (; v < r.vpcs.size() && v < page.start + page.size; ++v) {
        const auto& vpc = r.vpcs[v];
        const auto cidrs = aws_vpc_cidrs(r, vpc);
        body += "<item>";
        element(body, "vpcId", aws_vpc_id(vpc));
        element(body, "ownerId", a.options.id);
        element(body, "state", "available");
        element(body, "cidrBlock", cidrs.front());
        body += "<cidrBlockAssociationSet>";
        for (std::size_t c = 0; c < cidrs.size(); ++c) {
            body += "<item>";
            element(body, "cidrBlock", cidrs[c]);
            element(body, "associationId",
                    "vpc-cidr-assoc-0" + aws_vpc_id(vpc).substr(5, 15) + std::to_string(c));
            body += "<cidrBlockState><state>associated</state></cidrBlockState></item>";
        }
        body += "</cidrBlockAssociationSet>";
        element(body, "dhcpOptionsId", "dopt-0" + aws_vpc_id(vpc).substr(5, 8));
        tag_set(body, {{"Name", "sim-vpc-" + std::to_string(vpc.index)}});
        body += "<instanceTenancy>default</instanceTenancy>";
        element(body, "isDefault", vpc.index == 0 ? "true" : "false");
        body += "</item>";
    }
    body += "</vpcSet>";
    if (v < r.vpcs.size())
        element(body, "nextToken", detail::aws_page_token(kind, v));
    body += "</DescribeVpcsResponse>";
    return aws_xml_reply(std::move(body), id);
}

reply describe_subnets(const aws_account& a, const aws_region& r, const aws_params& params,
                       std::size_t fallback) {
    const std::string kind = "ec2:subnets:" + r.name;
    auto paging = read_paging(params, kind, fallback);
    if (auto* error = std::get_if<reply>(&paging))
        return std::move(*error);
    const auto page = std::get<page_request>(paging);
    const std::uint64_t per_vpc = a.options.sizes.subnets_per_vpc;
    const std::uint64_t total = r.vpcs.size() * per_vpc;
    const std::string id = aws_request_id();
    std::string body = open_response("DescribeSubnets", id);
    body += "<subnetSet>";
    std::uint64_t n = page.start;
    for (; n < total && n < page.start + page.size; ++n) {
        const auto& vpc = r.vpcs[n / per_vpc];
        const std::size_t s = n % per_vpc;
        const std::string subnet = aws_subnet_id(vpc, s);
        body += "<item>";
        element(body, "subnetId", subnet);
        element(body, "subnetArn",
                "arn:aws:ec2:" + r.name + ":" + a.options.id + ":subnet/" + subnet);
        element(body, "state", "available");
        element(body, "ownerId", a.options.id);
        element(body, "vpcId", aws_vpc_id(vpc));
        element(body, "cidrBlock", aws_subnet_cidr(r, vpc, s));
        body += "<ipv6CidrBlockAssociationSet/>";
        element(body, "availableIpAddressCount", "4091");
        element(body, "availabilityZone", aws_availability_zone(r, s));
        element(body, "defaultForAz", "false");
        element(body, "mapPublicIpOnLaunch", s == 0 ? "true" : "false");
        element(body, "assignIpv6AddressOnCreation", "false");
        body += "</item>";
    }
    body += "</subnetSet>";
    if (n < total)
        element(body, "nextToken", detail::aws_page_token(kind, n));
    body += "</DescribeSubnetsResponse>";
    return aws_xml_reply(std::move(body), id);
}

} // namespace

reply handle_ec2(const aws_account& account, const aws_region& region, const aws_params& params,
                 std::size_t default_page_size) {
    const auto action = aws_param(params, "Action").value_or("");
    const auto version = aws_param(params, "Version");
    if (!version)
        return aws_ec2_error(400, "MissingParameter",
                             "The request must contain the parameter Version");
    if (action == "DescribeInstances")
        return describe_instances(account, region, params, default_page_size);
    if (action == "DescribeRegions")
        return describe_regions(account);
    if (action == "DescribeVpcs")
        return describe_vpcs(account, region, params, default_page_size);
    if (action == "DescribeSubnets")
        return describe_subnets(account, region, params, default_page_size);
    return aws_ec2_error(400, "InvalidAction",
                         "The action " + action + " is not valid for this web service.");
}

} // namespace cloudsync::cloudsim
