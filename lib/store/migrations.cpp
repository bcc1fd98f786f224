#include "store/migrations.hpp"

#include "store/detail/migrate.hpp"
#include "store/detail/roles.hpp"
#include "store/detail/sql.hpp"
#include "store/store_error.hpp"

#include <pqxx/pqxx>

#include <string>

namespace cloudsync::store {

int known_schema_version() noexcept {
    auto all = embedded_migrations();
    return all.empty() ? 0 : all.back().version;
}

namespace detail {

int apply_migrations(pqxx::connection& conn, const std::string& owner) {
    pqxx::work tx(conn);
    tx.exec0(act_as(tx, owner));
    // Serializes daemons migrating the same database; released at commit/rollback.
    tx.exec(sql::migration_lock);
    tx.exec0(sql::migration_table);
    int current = tx.exec1(sql::migration_version)[0].as<int>();
    int known = known_schema_version();
    if (current > known)
        throw store_error("database schema version " + std::to_string(current) +
                          " is newer than this cloudsyncd knows (" + std::to_string(known) +
                          "); upgrade cloudsyncd or use another database");
    for (const auto& m : embedded_migrations()) {
        if (m.version <= current)
            continue;
        try {
            tx.exec0(std::string(m.sql));
        } catch (const pqxx::sql_error& e) {
            throw store_error("migration " + std::string(m.name) + " failed: " + e.what());
        }
        tx.exec_params0(sql::migration_record, m.version, std::string(m.name));
        current = m.version;
    }
    tx.commit();
    return current;
}

} // namespace detail
} // namespace cloudsync::store
