#include "collectors/aws/ec2_pages.hpp"

#include "collectors/aws/detail/xml.hpp"
#include "core/json.hpp"

#include <boost/json/object.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace cloudsync::collectors::aws {

namespace {

using detail::fail;
using detail::for_each_child;

// Each `item` of the set element `name` under parent (absent: none).
template <class F> void for_each_item(pugi::xml_node parent, std::string_view name, F&& f) {
    if (const auto set = detail::optional_child(parent, name))
        for_each_child(set, "item", f);
}

// nextToken of a page: the last child of the response in AWS's examples, but
// looked up by name; empty means none.
std::optional<std::string> next_token_of(pugi::xml_node root) {
    auto token = detail::optional_text(root, "nextToken");
    if (token && token->empty())
        token.reset();
    return token;
}

bool is_address(const std::string& text) {
    std::array<unsigned char, 16> buffer{};
    return inet_pton(AF_INET, text.c_str(), buffer.data()) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buffer.data()) == 1;
}

bool is_cidr(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos)
        return false;
    const auto address = text.substr(0, slash);
    const bool v6 = address.find(':') != std::string::npos;
    unsigned bits = 0;
    const auto* first = text.data() + slash + 1;
    const auto* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, bits);
    return ec == std::errc() && end == last && first != last && bits <= (v6 ? 128U : 32U) &&
           is_address(address);
}

// Adds the text of element `name` under parent to `to` once, when present and
// not empty; throws page_error when it is not an IP address.
void add_address(pugi::xml_node parent, std::string_view name, std::vector<std::string>& to) {
    auto text = detail::text_or_empty(parent, name);
    if (text.empty())
        return;
    if (!is_address(text))
        fail(detail::optional_child(parent, name), "is not an IP address");
    if (std::find(to.begin(), to.end(), text) == to.end())
        to.push_back(std::move(text));
}

void add_cidr(pugi::xml_node parent, std::string_view name, std::vector<std::string>& to) {
    auto text = detail::text_or_empty(parent, name);
    if (text.empty())
        return;
    if (!is_cidr(text))
        fail(detail::optional_child(parent, name), "is not a CIDR block");
    if (std::find(to.begin(), to.end(), text) == to.end())
        to.push_back(std::move(text));
}

// tagSet as a JSON object of strings, and the Name tag.
struct tags {
    std::string json = "{}";
    std::string name;
};

tags tags_of(pugi::xml_node resource) {
    tags out;
    boost::json::object object;
    for_each_item(resource, "tagSet", [&](pugi::xml_node item) {
        auto key = detail::required_text(item, "key");
        auto value = detail::text_or_empty(item, "value");
        if (key == "Name")
            out.name = value;
        object[key] = value;
    });
    out.json = json::to_text(object);
    return out;
}

// The record fields every EC2 resource shares.
inventory::record base_record(pugi::xml_node item, std::string_view region,
                              std::string_view account_id, std::string_view type,
                              const std::string& id) {
    inventory::record rec;
    rec.native_id = ec2_arn(region, account_id, type, id);
    auto t = tags_of(item);
    rec.name = t.name.empty() ? id : std::move(t.name);
    rec.tags = std::move(t.json);
    rec.region = std::string(region);
    rec.raw = detail::json_text(item);
    return rec;
}

// The low byte of instanceState/code (the high byte is internal, facts.md).
std::string state_name_of_code(std::string_view code) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), value);
    if (ec != std::errc() || end != code.data() + code.size())
        return {};
    switch (value & 0xffU) {
    case 0:
        return "pending";
    case 16:
        return "running";
    case 32:
        return "shutting-down";
    case 48:
        return "terminated";
    case 64:
        return "stopping";
    case 80:
        return "stopped";
    default:
        return {};
    }
}

void add_interface_addresses(pugi::xml_node nic, inventory::vm_columns& columns) {
    add_address(nic, "privateIpAddress", columns.private_ips);
    if (const auto association = detail::optional_child(nic, "association"))
        add_address(association, "publicIp", columns.public_ips);
    for_each_item(nic, "privateIpAddressesSet", [&](pugi::xml_node item) {
        add_address(item, "privateIpAddress", columns.private_ips);
        if (const auto association = detail::optional_child(item, "association"))
            add_address(association, "publicIp", columns.public_ips);
    });
    for_each_item(nic, "ipv6AddressesSet", [&](pugi::xml_node item) {
        add_address(item, "ipv6Address", columns.public_ips);
    });
}

inventory::record parse_instance(pugi::xml_node item, std::string_view region,
                                 std::string_view account_id) {
    const auto id = detail::required_text(item, "instanceId");
    auto rec = base_record(item, region, account_id, "instance", id);
    inventory::vm_columns columns;
    if (const auto state = detail::optional_child(item, "instanceState")) {
        columns.native_state = detail::text_or_empty(state, "name");
        if (columns.native_state.empty())
            columns.native_state = state_name_of_code(detail::text_or_empty(state, "code"));
    }
    columns.state = normalize_instance_state(columns.native_state);
    columns.size = detail::text_or_empty(item, "instanceType");
    columns.os = os_of_platform(detail::text_or_empty(item, "platformDetails"));
    if (columns.os.empty() && detail::text_or_empty(item, "platform") == "windows")
        columns.os = "windows";
    add_address(item, "privateIpAddress", columns.private_ips);
    add_address(item, "ipAddress", columns.public_ips);
    for_each_item(item, "networkInterfaceSet",
                  [&](pugi::xml_node nic) { add_interface_addresses(nic, columns); });
    rec.columns = std::move(columns);
    return rec;
}

bool associated(pugi::xml_node item, std::string_view state_element) {
    const auto state = detail::optional_child(item, state_element);
    return state && detail::text_or_empty(state, "state") == "associated";
}

inventory::record parse_vpc(pugi::xml_node item, std::string_view region,
                            std::string_view account_id) {
    const auto id = detail::required_text(item, "vpcId");
    auto rec = base_record(item, region, account_id, "vpc", id);
    inventory::network_columns columns;
    add_cidr(item, "cidrBlock", columns.cidrs);
    for_each_item(item, "cidrBlockAssociationSet", [&](pugi::xml_node entry) {
        if (associated(entry, "cidrBlockState"))
            add_cidr(entry, "cidrBlock", columns.cidrs);
    });
    for_each_item(item, "ipv6CidrBlockAssociationSet", [&](pugi::xml_node entry) {
        if (associated(entry, "ipv6CidrBlockState"))
            add_cidr(entry, "ipv6CidrBlock", columns.cidrs);
    });
    rec.columns = std::move(columns);
    return rec;
}

// subnetArn when it names this subnet in this region and account (any
// partition), else "".
std::string consistent_subnet_arn(pugi::xml_node item, std::string_view region,
                                  std::string_view account_id, std::string_view id) {
    const auto arn = detail::text_or_empty(item, "subnetArn");
    const std::string_view text(arn);
    if (!text.starts_with("arn:"))
        return {};
    const auto partition_end = text.find(':', 4);
    if (partition_end == std::string_view::npos || partition_end == 4)
        return {};
    const auto rest = text.substr(partition_end);
    const auto want = ":ec2:" + std::string(region) + ":" + std::string(account_id) + ":subnet/" +
                      std::string(id);
    return rest == want ? arn : std::string();
}

inventory::record parse_subnet(pugi::xml_node item, std::string_view region,
                               std::string_view account_id) {
    const auto id = detail::required_text(item, "subnetId");
    auto rec = base_record(item, region, account_id, "subnet", id);
    if (auto arn = consistent_subnet_arn(item, region, account_id, id); !arn.empty())
        rec.native_id = std::move(arn);
    inventory::subnet_columns columns;
    columns.network_id = ec2_arn(region, account_id, "vpc", detail::required_text(item, "vpcId"));
    std::vector<std::string> cidrs;
    add_cidr(item, "cidrBlock", cidrs);
    for_each_item(item, "ipv6CidrBlockAssociationSet", [&](pugi::xml_node entry) {
        if (associated(entry, "ipv6CidrBlockState"))
            add_cidr(entry, "ipv6CidrBlock", cidrs);
    });
    if (!cidrs.empty())
        columns.cidr = cidrs.front();
    rec.columns = std::move(columns);
    return rec;
}

// One record per `item` of the response's required set element.
template <class F>
token_page<inventory::record> parse_set_page(std::string_view xml, std::string_view root,
                                             std::string_view set, F&& parse) {
    const detail::xml_page page(xml, root);
    token_page<inventory::record> out;
    for_each_child(detail::required_child(page.root(), set), "item",
                   [&](pugi::xml_node item) { out.items.push_back(parse(item)); });
    out.next_token = next_token_of(page.root());
    return out;
}

} // namespace

std::string ec2_arn(std::string_view region, std::string_view account_id, std::string_view type,
                    std::string_view id) {
    std::string out = "arn:aws:ec2:";
    out.append(region)
        .append(":")
        .append(account_id)
        .append(":")
        .append(type)
        .append("/")
        .append(id);
    return out;
}

inventory::vm_state normalize_instance_state(std::string_view name) {
    using inventory::vm_state;
    if (name == "pending")
        return vm_state::starting;
    if (name == "running")
        return vm_state::running;
    if (name == "stopping" || name == "shutting-down")
        return vm_state::stopping;
    if (name == "stopped")
        return vm_state::stopped;
    if (name == "terminated")
        return vm_state::terminated;
    return vm_state::unknown;
}

std::string os_of_platform(std::string_view details) {
    // Values from the platformDetails documentation: "Linux/UNIX", "Red Hat
    // Enterprise Linux", "Red Hat BYOL Linux", "SUSE Linux", "Ubuntu Pro",
    // "Windows", "Windows BYOL", "Windows with SQL Server Standard" ...
    if (details.starts_with("Windows"))
        return "windows";
    for (const auto prefix : {std::string_view("Linux"), std::string_view("Red Hat"),
                              std::string_view("SUSE"), std::string_view("Ubuntu")})
        if (details.starts_with(prefix))
            return "linux";
    if (details.find("Linux") != std::string_view::npos)
        return "linux";
    return {};
}

std::vector<std::string> parse_regions(std::string_view xml) {
    const detail::xml_page page(xml, "DescribeRegionsResponse");
    std::vector<std::string> out;
    for_each_child(detail::required_child(page.root(), "regionInfo"), "item",
                   [&](pugi::xml_node item) {
                       auto name = detail::required_text(item, "regionName");
                       const auto opt_in = detail::optional_text(item, "optInStatus");
                       if (!opt_in || *opt_in == "opt-in-not-required" || *opt_in == "opted-in")
                           out.push_back(std::move(name));
                   });
    return out;
}

token_page<inventory::record> parse_instance_page(std::string_view xml, std::string_view region,
                                                  std::string_view account_id) {
    const detail::xml_page page(xml, "DescribeInstancesResponse");
    token_page<inventory::record> out;
    for_each_child(detail::required_child(page.root(), "reservationSet"), "item",
                   [&](pugi::xml_node reservation) {
                       for_each_child(detail::required_child(reservation, "instancesSet"), "item",
                                      [&](pugi::xml_node instance) {
                                          out.items.push_back(
                                              parse_instance(instance, region, account_id));
                                      });
                   });
    out.next_token = next_token_of(page.root());
    return out;
}

token_page<inventory::record> parse_vpc_page(std::string_view xml, std::string_view region,
                                             std::string_view account_id) {
    return parse_set_page(xml, "DescribeVpcsResponse", "vpcSet",
                          [&](pugi::xml_node item) { return parse_vpc(item, region, account_id); });
}

token_page<inventory::record> parse_subnet_page(std::string_view xml, std::string_view region,
                                                std::string_view account_id) {
    return parse_set_page(xml, "DescribeSubnetsResponse", "subnetSet", [&](pugi::xml_node item) {
        return parse_subnet(item, region, account_id);
    });
}

} // namespace cloudsync::collectors::aws
