// fuzz_gcp_run_pages: the same input as a Cloud Run locations page
// (parse_run_location_page) and as a services page (parse_run_service_page),
// each page status checked as gcp_page.hpp says, plus the promises of each:
// a location id that is safe in a URL path; a service record checked as
// azure_page.hpp's check_record does (raw is the listed item), whose id is
// the full resource name its name, region and the page's `name` agree on, and
// whose state is one word of the containers vocabulary.
#include "collectors/gcp/resource_name.hpp"
#include "collectors/gcp/run_location_page.hpp"
#include "collectors/gcp/run_service_page.hpp"
#include "gcp_page.hpp"

#include <algorithm>

using namespace cloudsync;

namespace {

void check_location(const std::string& id) {
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        }))
        std::abort();
}

void check_service(const inventory::record& rec, const boost::json::value& item) {
    fuzz::check_record(rec, &item);
    const auto& name = item.at("name").as_string();
    if (rec.native_id != std::string(collectors::gcp::run_name_prefix) + std::string(name))
        std::abort();
    if (rec.name.empty() || rec.region.empty() ||
        !rec.native_id.ends_with("/locations/" + rec.region + "/services/" + rec.name))
        std::abort();
    const auto& columns = std::get<inventory::container_columns>(rec.columns);
    static const std::string states[] = {"running", "failed", "pending", "unknown"};
    if (std::find(std::begin(states), std::end(states), columns.state) == std::end(states))
        std::abort();
    for (const auto& image : columns.images)
        if (image.empty())
            std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = collectors::gcp::parse_run_location_page(
            text, "https://run.googleapis.com/v1/projects/p/locations?pageSize=500");
        fuzz::check_status(page);
        for (const auto& id : page.items)
            check_location(id);
    });
    fuzz::refusing_malformed([&] {
        const auto page = collectors::gcp::parse_run_service_page(
            text, "https://run.googleapis.com/v2/projects/p/locations/l/services?pageSize=500");
        fuzz::check_status(page);
        const auto doc = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i)
            check_service(page.items[i], doc.at("services").at(i));
    });
    return 0;
}
