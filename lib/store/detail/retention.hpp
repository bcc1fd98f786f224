// Metric sample retention on one connection (the maintenance thread's):
// whole day partitions are detached concurrently and dropped, the boundary
// day is trimmed in bounded batches, partitions are created ahead. Every step
// is its own short autocommit statement, so nothing holds locks for long and
// an interrupted call is finished by the next one.
#pragma once

#include "store/database.hpp"

#include <pqxx/connection>

#include <chrono>

namespace cloudsync::store::detail {

retention_result apply_retention(pqxx::connection& conn, std::chrono::seconds retention);

} // namespace cloudsync::store::detail
