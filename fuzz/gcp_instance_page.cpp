// fuzz_gcp_instance_page: a page of Compute instances, aggregated or zonal
// (parse_instance_page), each record checked as gcp_page.hpp says, plus the
// vms columns' own promise: a normalized state of the status it came from.
#include "collectors/gcp/instance_page.hpp"
#include "gcp_page.hpp"

using namespace cloudsync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = collectors::gcp::parse_instance_page(text, fuzz::gcp_url);
        fuzz::check_status(page);
        for (const auto& rec : page.items) {
            fuzz::check_gcp_record(rec);
            const auto& vm = std::get<inventory::vm_columns>(rec.columns);
            if (vm.state != collectors::gcp::normalize_instance_status(vm.native_state))
                std::abort();
        }
    });
    return 0;
}
