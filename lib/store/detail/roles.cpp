#include "store/detail/roles.hpp"

#include "store/detail/sql.hpp"
#include "store/store_error.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace cloudsync::store::detail {

std::string act_as(pqxx::transaction_base& tx, const std::string& role) {
    return "SET LOCAL ROLE " + (role.empty() ? std::string("NONE") : tx.quote_name(role));
}

void refuse_privileged_reader(pqxx::transaction_base& tx, const std::string& reader,
                              const acting_roles& roles) {
    auto row = tx.exec_params1(sql::reader_privileges, reader, roles.writer);
    auto refuse = [&](const std::string& why) {
        throw store_error("reader role " + reader + " may not read the inventory: " + why +
                          ", so row-level security would not bind it (make the reader a "
                          "plain role, or remove it from the tenants' readers)");
    };
    if (row["superuser"].as<bool>())
        refuse("it is a superuser");
    if (row["bypassrls"].as<bool>())
        refuse("it has BYPASSRLS");
    if (row["of_owner"].as<bool>())
        refuse("it is a member of " + row["owner"].as<std::string>() +
               ", the role that owns the schema cloudsync");
    if (row["of_writer"].as<bool>())
        refuse("it is a member of " + row["writer"].as<std::string>() +
               ", the role cloudsyncd writes as");
    if (row["of_login"].as<bool>())
        refuse("it is a member of " + row["login"].as<std::string>() +
               ", the role cloudsyncd logs in as");
}

std::string writer_name(pqxx::transaction_base& tx, const acting_roles& roles) {
    return roles.writer.empty() ? tx.exec1("SELECT session_user")[0].as<std::string>()
                                : roles.writer;
}

bool writer_privileges_in_place(pqxx::transaction_base& tx, const std::string& writer) {
    return tx
        .exec_params1(sql::privileges_in_place, writer, std::string(sql::writer_tables),
                      std::string("SELECT, INSERT, UPDATE, DELETE"),
                      sql::function_list(sql::writer_functions), true,
                      std::string("cloudsync.resources, cloudsync.hash_key, "
                                  "cloudsync.schema_migrations"))[0]
        .as<bool>();
}

void warn_if_writer_bypasses_policies(pqxx::transaction_base& tx, const std::string& writer) {
    if (tx.exec_params1(sql::bypasses_row_security, writer)[0].as<bool>())
        spdlog::warn("store: cloudsyncd writes as {}, a superuser or BYPASSRLS role: row-level "
                     "security does not bind its own sessions (see the README's \"Roles\")",
                     writer);
}

void grant_writer(pqxx::transaction_base& tx, const std::string& writer) {
    auto quoted = tx.quote_name(writer);
    tx.exec0("GRANT USAGE ON SCHEMA cloudsync TO " + quoted);
    // Each run creates its staging tables there, and drops them (sql::create_staging).
    tx.exec0("GRANT USAGE, CREATE ON SCHEMA cloudsync_stage TO " + quoted);
    tx.exec0(std::string("GRANT SELECT, INSERT, UPDATE, DELETE ON ") + sql::writer_tables +
             " TO " + quoted);
    // schema_migrations: each heartbeat checks no newer peer migrated past this binary.
    tx.exec0("GRANT SELECT ON cloudsync.resources, cloudsync.hash_key, "
             "cloudsync.schema_migrations TO " +
             quoted);
    tx.exec0("GRANT USAGE ON ALL SEQUENCES IN SCHEMA cloudsync TO " + quoted);
    tx.exec0(std::string("GRANT EXECUTE ON FUNCTION ") + sql::writer_functions + " TO " + quoted);
    for (const auto& table : sql::row_security_tables())
        tx.exec0("ALTER POLICY writer ON cloudsync." + table + " TO " + quoted);
}

} // namespace cloudsync::store::detail
