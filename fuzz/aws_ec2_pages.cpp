// fuzz_aws_ec2_pages: a DescribeRegions, DescribeInstances, DescribeVpcs or
// DescribeSubnets page (the first byte picks which) through its parser: a
// page_error or records that keep the checks of aws_page.hpp, addresses and
// CIDRs that are not empty, a subnet's network_id a VPC ARN.
#include "aws_page.hpp"
#include "collectors/aws/ec2_pages.hpp"

using namespace cloudsync;
namespace aws = cloudsync::collectors::aws;

namespace {

void check_page(const aws::token_page<inventory::record>& page) {
    fuzz::check_token(page.next_token);
    for (const auto& rec : page.items) {
        fuzz::check_aws_record(rec);
        if (const auto* vm = std::get_if<inventory::vm_columns>(&rec.columns)) {
            for (const auto* ips : {&vm->private_ips, &vm->public_ips})
                for (const auto& ip : *ips)
                    if (ip.empty())
                        std::abort();
        } else if (const auto* net = std::get_if<inventory::network_columns>(&rec.columns)) {
            for (const auto& cidr : net->cidrs)
                if (cidr.find('/') == std::string::npos)
                    std::abort();
        } else if (const auto* subnet = std::get_if<inventory::subnet_columns>(&rec.columns)) {
            if (!subnet->network_id.starts_with("arn:aws:ec2:r:1:vpc/"))
                std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const auto text = fuzz::text_of(data + 1, size - 1);
    fuzz::refusing_malformed([&] {
        switch (data[0] % 4) {
        case 0:
            for (const auto& region : aws::parse_regions(text))
                if (region.empty())
                    std::abort();
            break;
        case 1:
            check_page(aws::parse_instance_page(text, "r", "1"));
            break;
        case 2:
            check_page(aws::parse_vpc_page(text, "r", "1"));
            break;
        default:
            check_page(aws::parse_subnet_page(text, "r", "1"));
            break;
        }
    });
    return 0;
}
