#include "store/detail/run_rows.hpp"

#include "store/detail/sql.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;
namespace {

std::chrono::system_clock::time_point from_micros(std::int64_t micros) {
    return std::chrono::system_clock::time_point(std::chrono::microseconds(micros));
}

// Written by the store as [{"scope": ..., "<text_key>": ...}]; anything else is skipped.
std::vector<std::pair<std::string, std::string>> scope_pairs(const std::string& json,
                                                             std::string_view text_key) {
    std::vector<std::pair<std::string, std::string>> out;
    boost::system::error_code ec;
    auto scopes = boost::json::parse(json, ec);
    if (ec || !scopes.is_array())
        return out;
    for (const auto& item : scopes.as_array()) {
        const auto* object = item.if_object();
        const auto* scope = object ? object->if_contains("scope") : nullptr;
        const auto* text = object ? object->if_contains(text_key) : nullptr;
        if (scope && text && scope->is_string() && text->is_string())
            out.emplace_back(std::string(scope->as_string()), std::string(text->as_string()));
    }
    return out;
}

} // namespace

inv::run_record run_from_row(const pqxx::row& row) {
    inv::run_record out;
    out.id = row[0].as<inv::run_id>();
    out.scope.tenant = row[1].as<std::string>();
    out.scope.account = row[2].as<std::string>();
    // The CHECK constraints keep these parseable; fall back rather than crash.
    out.scope.cloud = inv::parse_provider(row[3].as<std::string>()).value_or(inv::provider::azure);
    out.scope.kind =
        inv::parse_collector_kind(row[4].as<std::string>()).value_or(inv::collector_kind::vms);
    out.scope.trigger = row[5].as<std::string>();
    out.status = inv::parse_run_status(row[6].as<std::string>()).value_or(inv::run_status::failed);
    out.started_at = from_micros(row[7].as<std::int64_t>());
    if (!row[8].is_null())
        out.finished_at = from_micros(row[8].as<std::int64_t>());
    out.counts.seen = row[9].as<std::int64_t>();
    out.counts.added = row[10].as<std::int64_t>();
    out.counts.modified = row[11].as<std::int64_t>();
    out.counts.removed = row[12].as<std::int64_t>();
    out.error = row[13].as<std::string>();
    out.failed_scopes = scope_pairs(row[14].as<std::string>(), "error");
    out.empty_scopes = scope_pairs(row[15].as<std::string>(), "reason");
    return out;
}

std::optional<inv::run_record> find_run(pqxx::connection& conn, inv::run_id id) {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params(std::string(sql::run_columns) + sql::find_run_where, id);
    if (rows.empty())
        return std::nullopt;
    return run_from_row(rows[0]);
}

std::vector<inv::run_record> last_runs(pqxx::connection& conn,
                                       std::optional<inv::run_status> status) {
    pqxx::read_transaction tx(conn);
    std::vector<inv::run_record> out;
    const auto rows =
        status ? tx.exec_params(std::string(sql::run_columns) + sql::last_runs_with_status_where,
                                std::string(inv::to_string(*status)))
               : tx.exec(std::string(sql::run_columns) + sql::last_runs_where);
    for (const auto& row : rows)
        out.push_back(run_from_row(row));
    return out;
}

std::vector<inv::run_id> mark_interrupted_runs(pqxx::connection& conn) {
    pqxx::work tx(conn);
    std::vector<inv::run_id> ids;
    for (const auto& row : tx.exec(sql::mark_interrupted))
        ids.push_back(row[0].as<inv::run_id>());
    tx.commit();
    drop_orphaned_staging(conn);
    return ids;
}

std::size_t drop_orphaned_staging(pqxx::connection& conn) {
    std::vector<std::string> names;
    {
        pqxx::read_transaction tx(conn);
        for (const auto& row : tx.exec(sql::orphaned_staging))
            names.push_back(row[0].as<std::string>());
    }
    std::size_t dropped = 0;
    for (const auto& name : names) {
        // One transaction each, never waiting on a lock: a table still in use
        // (its run's COPY on a second connection not yet ended) waits for the
        // next sweep.
        try {
            pqxx::work tx(conn);
            tx.exec0("SET LOCAL lock_timeout = '100ms'");
            tx.exec0("DROP TABLE IF EXISTS " + name);
            tx.commit();
            ++dropped;
        } catch (const pqxx::sql_error& e) {
            spdlog::warn("store: cannot drop {}, the staging of a run that ended without its "
                         "process: {}",
                         name, e.what());
        }
    }
    if (dropped > 0)
        spdlog::info("store: dropped {} staging table(s) of runs whose process or connection "
                     "ended during the run",
                     dropped);
    return dropped;
}

} // namespace cloudsync::store::detail
