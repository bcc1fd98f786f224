// fuzz_azure_metric_page: the same text as a metrics:getBatch answer
// (parse_metric_batch) and as a Metrics_List answer (parse_metric_list), each
// resource's results then turned into samples (to_samples) as the metrics
// collector does.
#include "azure_page.hpp"
#include "collectors/azure/metric_page.hpp"
#include "collectors/azure/metric_samples.hpp"

using namespace cloudsync;
using namespace cloudsync::collectors::azure;

namespace {

void samples_of(const resource_metrics& resource) {
    std::vector<inventory::metric_sample> out;
    const auto report = to_samples(resource, out);
    if (report.samples != out.size())
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        for (const auto& resource : parse_metric_batch(text, fuzz::page_url))
            samples_of(resource);
    });
    fuzz::refusing_malformed([&] { samples_of(parse_metric_list(text, fuzz::page_url)); });
    return 0;
}
