// The migration runner on a store thread (see database::migrate for the contract).
#pragma once

#include <pqxx/connection>

#include <string>

namespace cloudsync::store::detail {

// Applies pending embedded migrations in one transaction, acting as `owner`
// ("" = the login role), which thereby owns what they create; returns the
// version. Throws store_error when the database is newer than the binary.
int apply_migrations(pqxx::connection& conn, const std::string& owner);

} // namespace cloudsync::store::detail
