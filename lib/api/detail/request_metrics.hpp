// cloudsync_api_requests_total{route,code}: one counter per route and status.
// Counters are looked up in the registry once and cached in a lock-free table,
// so counting a request costs an atomic add, not a registry lookup.
#pragma once

#include "api/detail/response.hpp"

namespace cloudsync::api::detail {

// Thread-safe.
void count_request(route label, unsigned status) noexcept;

} // namespace cloudsync::api::detail
