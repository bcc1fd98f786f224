// Shared by the GCP page targets, on top of azure_page.hpp's helpers (input
// text, the one exception a parser may throw, record checks): the URL a page
// is said to come from, and the checks every GCP record must pass beyond the
// sanitizers: a native id that is a Compute full resource name, and a page
// with unreachable scopes that says it is incomplete.
#pragma once

#include "azure_page.hpp"
#include "collectors/gcp/compute_page.hpp"

#include <string_view>

namespace cloudsync::fuzz {

inline constexpr std::string_view gcp_url =
    "https://compute.googleapis.com/compute/v1/projects/p/aggregated/instances?pageToken=t";

inline void check_gcp_record(const inventory::record& rec) {
    check_record(rec, nullptr); // raw may differ from the item (instance_raw)
    if (!rec.native_id.starts_with("//compute.googleapis.com/projects/"))
        std::abort();
}

inline void check_status(const collectors::gcp::page_status& status) {
    if (!status.unreachable.empty() && status.complete)
        std::abort();
    if (status.next_page_token && status.next_page_token->empty())
        std::abort();
}

} // namespace cloudsync::fuzz
