// fuzz_gcp_alert_policy_page: a page of Cloud Monitoring alert policies
// (parse_alert_policy_page), the page status checked as gcp_page.hpp says, each
// record checked as azure_page.hpp's check_record does (raw is the listed
// item), plus the alert columns' own promises: an id that is the policy's full
// resource name, a name, region "global", state unknown, no targets, the
// conditions as a JSON array, enabled only when the item says so, and never
// the "not set" severity.
#include "collectors/gcp/alert_policy_page.hpp"
#include "collectors/gcp/resource_name.hpp"
#include "gcp_page.hpp"

using namespace cloudsync;

namespace {

void check_policy(const inventory::record& rec, const boost::json::value& item) {
    fuzz::check_record(rec, &item);
    const auto& policy = item.as_object();
    const auto& columns = std::get<inventory::alert_columns>(rec.columns);
    if (rec.native_id != std::string(collectors::gcp::monitoring_name_prefix) +
                             std::string(policy.at("name").as_string()) ||
        rec.name.empty() || rec.region != "global")
        std::abort();
    if (columns.state != inventory::alert_state::unknown || columns.state_changed_at ||
        !columns.target_ids.empty() || columns.severity == "SEVERITY_UNSPECIFIED")
        std::abort();
    if (!fuzz::parse_or_abort(columns.condition).is_array())
        std::abort();
    const auto* enabled = policy.if_contains("enabled");
    const bool said = enabled != nullptr && enabled->is_bool();
    if (columns.enabled.has_value() != said || (said && *columns.enabled != enabled->get_bool()))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = collectors::gcp::parse_alert_policy_page(
            text, "https://monitoring.googleapis.com/v3/projects/p/alertPolicies?pageSize=1000");
        fuzz::check_status(page);
        const auto doc = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i)
            check_policy(page.items[i], doc.at("alertPolicies").at(i));
    });
    return 0;
}
