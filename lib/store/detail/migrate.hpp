// The migration runner on a store thread (see database::migrate for the contract).
#pragma once

#include <pqxx/connection>

namespace cloudsync::store::detail {

// Applies pending embedded migrations in one transaction; returns the version.
// Throws store_error when the database is newer than the binary.
int apply_migrations(pqxx::connection& conn);

} // namespace cloudsync::store::detail
