#include "store/detail/retention.hpp"

#include "store/detail/sql.hpp"

#include <pqxx/pqxx>

#include <string>

namespace cloudsync::store::detail {
namespace {

// Finishes what an interrupted call left: partitions still pending detach,
// and detached day tables never dropped.
std::int64_t drop_leftovers(pqxx::nontransaction& tx, const sql::day_partitioned& table,
                            const std::string& parent) {
    std::int64_t dropped = 0;
    for (const auto& row : tx.exec(sql::retention_leftovers(table))) {
        auto name = tx.quote_name(row[0].as<std::string>());
        if (row[1].as<bool>())
            tx.exec0("ALTER TABLE " + parent + " DETACH PARTITION cloudsync." + name + " FINALIZE");
        tx.exec0("DROP TABLE cloudsync." + name);
        ++dropped;
    }
    return dropped;
}

std::int64_t drop_expired(pqxx::nontransaction& tx, const sql::day_partitioned& table,
                          const std::string& parent, const std::string& cutoff) {
    std::int64_t dropped = 0;
    for (const auto& row : tx.exec_params(sql::retention_expired(table), cutoff)) {
        auto name = tx.quote_name(row[0].as<std::string>());
        // CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the parent, so readers and
        // writing runs carry on; the DROP then locks only the detached table.
        tx.exec0("ALTER TABLE " + parent + " DETACH PARTITION cloudsync." + name +
                 " CONCURRENTLY");
        tx.exec0("DROP TABLE cloudsync." + name);
        ++dropped;
    }
    return dropped;
}

std::int64_t trim_boundary(pqxx::nontransaction& tx, const sql::day_partitioned& table,
                           const std::string& cutoff, const std::string& partition) {
    if (tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", "cloudsync." + partition)[0]
            .as<bool>() == false)
        return 0;
    auto statement = sql::retention_delete(table, tx.quote_name(partition));
    std::int64_t deleted = 0;
    for (;;) {
        auto rows = static_cast<std::int64_t>(tx.exec_params(statement, cutoff).affected_rows());
        deleted += rows;
        if (rows < sql::retention_batch)
            return deleted;
    }
}

} // namespace

retention_result apply_retention(pqxx::connection& conn, const sql::day_partitioned& table,
                                 std::chrono::seconds retention) {
    pqxx::nontransaction tx(conn);
    tx.exec0(sql::retention_session);
    const auto parent = "cloudsync." + std::string(table.parent);
    auto bounds =
        tx.exec_params1(sql::retention_cutoff(table), static_cast<double>(retention.count()));
    auto cutoff = bounds[0].as<std::string>();
    auto boundary = bounds[1].as<std::string>();
    retention_result out;
    out.partitions_dropped = drop_leftovers(tx, table, parent);
    out.partitions_dropped += drop_expired(tx, table, parent, cutoff);
    out.rows_deleted = trim_boundary(tx, table, cutoff, boundary);
    tx.exec(sql::retention_ahead(table));
    return out;
}

} // namespace cloudsync::store::detail
