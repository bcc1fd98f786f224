// Reading cloudsync.sync_runs rows back as inventory::run_record.
#pragma once

#include "inventory/run.hpp"

#include <pqxx/connection>
#include <pqxx/row>

#include <optional>
#include <vector>

namespace cloudsync::store::detail {

// A row whose first 16 columns are sql::run_columns'.
inventory::run_record run_from_row(const pqxx::row& row);

std::optional<inventory::run_record> find_run(pqxx::connection& conn, inventory::run_id id);
std::vector<inventory::run_record> last_runs(pqxx::connection& conn,
                                             std::optional<inventory::run_status> status);
// Fails the 'running' rows no live run holds (sql::mark_interrupted); their ids.
std::vector<inventory::run_id> mark_interrupted_runs(pqxx::connection& conn);

} // namespace cloudsync::store::detail
