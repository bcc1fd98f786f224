// fuzz_azure_alert_page: the same text as a page of metric alert rules
// (parse_metric_alert_page, records checked against their items) and as a page
// of fired alerts (parse_fired_alert_page); the alerts are then joined with the
// rules (alert_join) as the alerts collector does.
#include "azure_page.hpp"
#include "collectors/azure/alert_join.hpp"
#include "collectors/azure/alert_page.hpp"

using namespace cloudsync;
using namespace cloudsync::collectors::azure;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    alert_join join;
    fuzz::refusing_malformed([&] {
        const auto page = parse_metric_alert_page(text, fuzz::page_url);
        const auto dom = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i) {
            fuzz::check_record(page.items[i], fuzz::page_item(dom, i));
            join.add_rule(page.items[i]);
        }
    });
    fuzz::refusing_malformed([&] {
        const auto page = parse_fired_alert_page(text, fuzz::page_url);
        const auto dom = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i) {
            const auto& alert = page.items[i];
            if (alert.id.empty() || !fuzz::raw_is(alert.raw, *fuzz::page_item(dom, i)))
                std::abort();
            if (const auto row = join.apply(alert))
                fuzz::check_record(*row, nullptr);
        }
    });
    for (const auto& rule : join.take_rules())
        fuzz::check_record(rule, nullptr);
    return 0;
}
