// Reading cloudsync.sync_runs rows back as inventory::run_record.
#pragma once

#include "inventory/run.hpp"

#include <pqxx/connection>
#include <pqxx/row>

#include <cstddef>
#include <optional>
#include <vector>

namespace cloudsync::store::detail {

// A row whose first 16 columns are sql::run_columns'.
inventory::run_record run_from_row(const pqxx::row& row);

std::optional<inventory::run_record> find_run(pqxx::connection& conn, inventory::run_id id);
std::vector<inventory::run_record> last_runs(pqxx::connection& conn,
                                             std::optional<inventory::run_status> status);
// Fails the 'running' rows no live run holds (sql::mark_interrupted); their ids.
// Then drops the staging tables of such runs (drop_orphaned_staging).
std::vector<inventory::run_id> mark_interrupted_runs(pqxx::connection& conn);
// Drops the staging tables (sql::create_staging) of runs no session holds;
// how many. A table it cannot drop at once is left for the next call (logged).
std::size_t drop_orphaned_staging(pqxx::connection& conn);

} // namespace cloudsync::store::detail
