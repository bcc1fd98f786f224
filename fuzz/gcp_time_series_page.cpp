// fuzz_gcp_time_series_page: a page of Cloud Monitoring's timeSeries.list
// (parse_time_series_page) for each of the five VM metric queries, checked
// beyond the sanitizers: every sample's id is a Compute instance's full
// resource name, its value finite, its names and unit the query's, and the
// counts add up (no more skipped series than series).
#include "collectors/gcp/time_series_page.hpp"
#include "gcp_page.hpp"

#include <cmath>

using namespace cloudsync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    for (const auto& query : collectors::gcp::vm_metric_queries()) {
        fuzz::refusing_malformed([&] {
            const auto page = collectors::gcp::parse_time_series_page(
                text, "https://monitoring.googleapis.com/v3/projects/p/timeSeries?view=FULL",
                query, std::chrono::seconds(60));
            if (page.skipped_series > page.series ||
                (page.next_page_token && page.next_page_token->empty()))
                std::abort();
            for (const auto& s : page.samples) {
                if (!s.native_id.starts_with("//compute.googleapis.com/projects/") ||
                    s.native_id.find("/zones/") == std::string::npos ||
                    s.native_id.find("/instances/") == std::string::npos ||
                    !std::isfinite(s.value) || s.metric != query.metric ||
                    s.native_metric != query.metric_type || s.unit != query.unit)
                    std::abort();
            }
        });
    }
    return 0;
}
