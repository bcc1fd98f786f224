// Private to lib/config: one function per top-level section of the YAML.
// Each takes the section's node (absent sections are not passed; callers use
// the defaults in config.hpp) and throws config_error on the first problem.
#pragma once

#include "config/config.hpp"
#include "config/detail/reader.hpp"

#include <vector>

namespace cloudsync::config::detail {

database_config read_database(const value& v);
api_config read_api(const value& v);
log_config read_log(const value& v);
std::vector<tenant> read_tenants(const value& v);
schedule_config read_schedule(const value& v);
collection_config read_collection(const value& v);
metrics_config read_metrics(const value& v);
history_config read_history(const value& v);
cluster_config read_cluster(const value& v);

// Accounts need the tenants to check references (accounts.cpp).
std::vector<account> read_accounts(const value& v, const std::vector<tenant>& tenants);

} // namespace cloudsync::config::detail
