// cloudsim_page_bench: how long cloudsim takes to render one ARM list page,
// per list kind, on the estate the sync bench uses (1,000,000 VMs over 200
// subscriptions, 1,000 items a page). Rendering runs on the sim's I/O
// threads, so this cost bounds how many pages a second the sim can serve.
// Each line ends with an FNV-1a checksum of the bytes rendered, so a faster
// renderer can be shown to produce the very same wire format.
// Usage: cloudsim_page_bench [pages-per-kind]   (run the release build)
#include "cloudsim/azure_pages.hpp"
#include "cloudsim/inventory.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace cloudsync::cloudsim;

void measure(const inventory& inv, const char* label, arm_list list, bool status_only, unsigned pages) {
    constexpr std::size_t page_size = 1000;
    const std::string prefix = "http://127.0.0.1:1/subscriptions/x/providers/y?api-version=2024-07-01&%24skiptoken=";
    std::size_t bytes = 0;
    std::uint64_t checksum = 0xcbf29ce484222325ULL;
    std::chrono::duration<double, std::milli> took{0};
    for (unsigned p = 0; p < pages; ++p) {
        const auto s = static_cast<std::uint32_t>(p % inv.subscription_count());
        const std::uint64_t first = (p / inv.subscription_count()) * page_size % inv.index_space();
        const auto start = std::chrono::steady_clock::now();
        const std::string page = render_list_page(inv, list, s, first, page_size, status_only, prefix);
        took += std::chrono::steady_clock::now() - start;
        bytes += page.size();
        for (const char c : page) checksum = (checksum ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    std::printf("%-22s %8.3f ms/page  %7.1f KiB/page  fnv %016llx\n", label, took.count() / pages,
                static_cast<double>(bytes) / pages / 1024.0, static_cast<unsigned long long>(checksum));
}

} // namespace

int main(int argc, char** argv) {
    const unsigned pages = argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 200;
    inventory_options o;
    o.subscriptions = 200;
    o.vms_per_subscription = 5000;
    inventory inv(o);
    measure(inv, "virtualMachines", arm_list::virtual_machines, false, pages);
    measure(inv, "virtualMachines status", arm_list::virtual_machines, true, pages);
    measure(inv, "networkInterfaces", arm_list::network_interfaces, false, pages);
    measure(inv, "publicIPAddresses", arm_list::public_ip_addresses, false, pages);
    // After three generations of changes (tags, power states, removals, additions).
    for (std::uint64_t g = 1; g <= 3; ++g) inv.apply({g, 0.05, 0.2, 0.05});
    measure(inv, "virtualMachines mutated", arm_list::virtual_machines, true, pages);
    measure(inv, "networkInterfaces mutated", arm_list::network_interfaces, false, pages);
    return 0;
}
