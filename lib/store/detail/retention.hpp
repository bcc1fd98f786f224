// Retention of a day-partitioned table (metric_samples, changes, sync_runs)
// on one connection (the maintenance thread's):
// whole day partitions are detached concurrently and dropped, the boundary
// day is trimmed in bounded batches, partitions are created ahead. Every step
// is its own short autocommit statement, so nothing holds locks for long and
// an interrupted call is finished by the next one.
#pragma once

#include "store/database.hpp"
#include "store/detail/sql.hpp"

#include <pqxx/connection>

#include <chrono>

namespace cloudsync::store::detail {

retention_result apply_retention(pqxx::connection& conn, const sql::day_partitioned& table,
                                 std::chrono::seconds retention);

} // namespace cloudsync::store::detail
