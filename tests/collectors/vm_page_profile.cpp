// vm_page_profile: where the per-item time of the VM collector's page parse goes,
// for `perf record`. Builds one page of N VMs from the official ListAll example
// (ids made unique) and parses it R times with parse_vm_page (JSON parse, record
// building, `raw` serialization), printing the time per item.
// Usage: vm_page_profile [ITEMS=1000] [ROUNDS=200]   (release preset)
#include "collectors/azure/vm_page.hpp"
#include "core/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
    const long items = argc > 1 ? std::atol(argv[1]) : 1000;
    const long rounds = argc > 2 ? std::atol(argv[2]) : 200;
    std::ifstream in(std::string(CLOUDSYNC_FIXTURES_DIR) +
                     "/azure/compute.virtualMachines.listAll.json");
    std::ostringstream text;
    text << in.rdbuf();
    const auto example = boost::json::parse(text.str());
    const auto& first = example.at("value").at(0);
    boost::json::array value;
    for (long i = 0; i < items; ++i) {
        auto item = first;
        item.as_object()["id"] = "/subscriptions/s/resourceGroups/rg/providers/"
                                 "Microsoft.Compute/virtualMachines/vm-" +
                                 std::to_string(i);
        value.push_back(std::move(item));
    }
    const std::string page = boost::json::serialize(boost::json::object{{"value", value}});
    const std::string url = "https://management.azure.com/subscriptions/s/providers/"
                            "Microsoft.Compute/virtualMachines?api-version=2026-03-01";
    std::size_t sink = 0;
    const auto begin = std::chrono::steady_clock::now();
    for (long r = 0; r < rounds; ++r) {
        const auto parsed = cloudsync::collectors::azure::parse_vm_page(page, url);
        sink += parsed.items.back().record.raw.size();
    }
    const std::chrono::duration<double, std::micro> spent = std::chrono::steady_clock::now() - begin;
    std::printf("%ld items x %ld rounds, page %zu bytes: %.2f us per item (%zu)\n", items, rounds,
                page.size(), spent.count() / double(items * rounds), sink);
    // Baseline: a bare Boost.JSON parse of the same bytes.
    const auto parse_begin = std::chrono::steady_clock::now();
    for (long r = 0; r < rounds; ++r)
        sink += boost::json::parse(page).as_object().size();
    const std::chrono::duration<double, std::micro> parse_only =
        std::chrono::steady_clock::now() - parse_begin;
    std::printf("bare boost::json::parse: %.2f us per item (%zu)\n",
                parse_only.count() / double(items * rounds), sink);
}
