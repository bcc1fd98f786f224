// The roles the store acts as, and the rules that keep readers apart from
// them. Three kinds of role touch the schema:
//   owner   owns the schema; runs migrations, grants and retention (DDL);
//   writer  writes the inventory: DML only, under row-level security (a
//           policy of its own lets it see and write every tenant's rows);
//   readers see the rows of the tenants the config grants them.
// FORCE ROW LEVEL SECURITY makes the policies bind the owner too, so only a
// superuser or a BYPASSRLS role reads around them; such a role, or a member
// of the owner, the writer or the daemon's login role, is refused as a reader.
// An empty role name means the login role itself (a one-role setup).
#pragma once

#include <pqxx/transaction>

#include <string>

namespace cloudsync::store::detail {

struct acting_roles {
    std::string owner;
    std::string writer;
};

// "SET LOCAL ROLE <role>", or "SET LOCAL ROLE NONE" (the login role) for "".
std::string act_as(pqxx::transaction_base& tx, const std::string& role);

// Throws store_error naming `reader` when it may not be a reader: a
// superuser, BYPASSRLS, or a member of the schema's owner, of the writer or
// of the daemon's login role (each would read around the tenant policies).
void refuse_privileged_reader(pqxx::transaction_base& tx, const std::string& reader,
                              const acting_roles& roles);

// The role cloudsyncd writes as: acting_roles::writer, or the login role.
std::string writer_name(pqxx::transaction_base& tx, const acting_roles& roles);

// Whether `writer` already has all grant_writer gives it.
bool writer_privileges_in_place(pqxx::transaction_base& tx, const std::string& writer);

// Logs a warning when `writer` is a superuser or has BYPASSRLS.
void warn_if_writer_bypasses_policies(pqxx::transaction_base& tx, const std::string& writer);

// Run as the owner: gives `writer` what the write path needs (schema usage,
// DML on the tables, the functions it calls) and points every table's writer
// policy at it. Idempotent, but it rewrites the tables' catalog rows: callers
// check writer_privileges_in_place first and hold sql::partition_locks.
void grant_writer(pqxx::transaction_base& tx, const std::string& writer);

} // namespace cloudsync::store::detail
