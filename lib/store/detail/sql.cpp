#include "store/detail/sql.hpp"

namespace cloudsync::store::detail::sql {
namespace {

std::string joined(const std::vector<std::string>& columns, std::string_view prefix = {}) {
    std::string out;
    for (const auto& column : columns) {
        if (!out.empty())
            out += ", ";
        out += prefix;
        out += column;
    }
    return out;
}

bool is_key(std::string_view column) {
    return column == "tenant" || column == "account" || column == "native_id";
}

// jsonb of the changed top-level fields of o (old) vs s (new):
// {"col": {"old": .., "new": ..}}; JSON columns list their changed keys.
std::string diff(const table_info& table) {
    std::vector<std::string_view> columns{"scope", "name", "region", "tags", "raw"};
    for (auto column : table.kind_columns)
        if (column != "condition")
            columns.push_back(column);
    if (table.id == inventory::table::alerts)
        columns.push_back("condition");
    std::string values;
    for (auto column : columns) {
        std::string c(column);
        if (!values.empty())
            values += ", ";
        bool json = false;
        for (auto j : table.json_columns)
            json = json || j == column;
        if (json)
            values += "('" + c + "', nullif(cloudsync.jsonb_diff(o." + c + ", s." + c + "), '{}'))";
        else
            values += "('" + c + "', CASE WHEN o." + c + " IS DISTINCT FROM s." + c +
                      " THEN jsonb_build_object('old', to_jsonb(o." + c + "), 'new', to_jsonb(s." +
                      c + ")) END)";
    }
    return "(SELECT coalesce(jsonb_object_agg(d.k, d.v), '{}') FROM (VALUES " + values +
           ") AS d(k, v) WHERE d.v IS NOT NULL)";
}

} // namespace

std::string load_hashes(const table_info& table, const std::string& tenant_literal,
                        const std::string& account_literal) {
    // BINARY: each row comes as 16 + 8 bytes (uuid_send, int8send) instead of
    // text to parse, a million of them at a run's start.
    return "DECLARE cloudsync_load BINARY NO SCROLL CURSOR FOR SELECT id_hash, content_hash "
           "FROM cloudsync." +
           std::string(table.name) + " WHERE tenant = " + tenant_literal +
           " AND account = " + account_literal;
}

std::string create_staging(const table_info& table, std::int64_t run) {
    return "CREATE UNLOGGED TABLE " + staging(table, run) +
           " (seq bigint NOT NULL, is_new boolean NOT NULL, LIKE cloudsync." +
           std::string(table.name) + " INCLUDING DEFAULTS) WITH (autovacuum_enabled = false)";
}

std::string staging(const table_info& table, std::int64_t run) {
    return "cloudsync_stage.run_" + std::to_string(run) + "_" + std::string(table.name);
}

std::string drop_staging(const table_info& table, std::int64_t run) {
    return "DROP TABLE IF EXISTS " + staging(table, run);
}

std::string discard_staged(const table_info& table, std::int64_t run) {
    return "DELETE FROM " + staging(table, run) + " WHERE scope = $1";
}

std::string create_unseen(const table_info& table) {
    return "CREATE TEMP TABLE IF NOT EXISTS unseen_" + std::string(table.name) +
           " (id_hash uuid NOT NULL) ON COMMIT DROP";
}

namespace {

// The content columns compared by value: scope and everything after the hashes.
std::vector<std::string> content_columns(const table_info& table) {
    auto columns = copy_columns(table);
    std::vector<std::string> out;
    bool after_hashes = false;
    for (auto& column : columns) {
        if (after_hashes)
            out.push_back(column);
        after_hashes = after_hashes || column == "content_hash";
    }
    return out;
}

} // namespace

std::string merge(const table_info& table, std::int64_t run) {
    auto name = std::string(table.name);
    auto columns = copy_columns(table);
    auto content = content_columns(table);
    std::string updates;
    for (const auto& column : columns) {
        if (is_key(column))
            continue;
        updates += column + " = excluded." + column + ", ";
    }
    // A row whose stored hash differs but whose values do not (the hash's
    // definition changed, or equal values written differently) gets its new
    // hash and no `changes` row; updated_at moves only for real changes.
    updates += "updated_at = CASE WHEN (" + joined(content, "t.") + ") IS DISTINCT FROM (" +
               joined(content, "excluded.") + ") THEN now() ELSE t.updated_at END";
    // changes and the upsert both read src and the table as of the statement's
    // snapshot, so `changes` sees the old values without joining the upsert's
    // RETURNING: a join of two CTE results has no statistics and was planned as
    // a nested loop, quadratic in the number of changed rows.
    return "WITH src AS (SELECT DISTINCT ON (native_id) * FROM " + staging(table, run) +
           " WHERE NOT is_new ORDER BY native_id, seq DESC), "
           "ch AS (INSERT INTO cloudsync.changes (run_id, tenant, account, table_name, native_id, "
           "change, fields) SELECT $1, d.tenant, d.account, '" +
           name +
           "', d.native_id, CASE WHEN d.is_new THEN 'added' ELSE 'modified' END, d.fields "
           "FROM (SELECT s.tenant, s.account, s.native_id, o.native_id IS NULL AS is_new, "
           "CASE WHEN o.native_id IS NULL THEN NULL ELSE " +
           diff(table) + " END AS fields FROM src s LEFT JOIN cloudsync." + name +
           " o ON o.tenant = s.tenant AND o.account = s.account AND o.native_id = s.native_id "
           "WHERE o.content_hash IS DISTINCT FROM s.content_hash) d "
           "WHERE d.is_new OR d.fields <> '{}'::jsonb RETURNING change), "
           "up AS (INSERT INTO cloudsync." +
           name + " AS t (" + joined(columns) + ") SELECT " + joined(columns) +
           " FROM src ON CONFLICT (tenant, account, native_id) DO UPDATE SET " + updates +
           " WHERE t.content_hash IS DISTINCT FROM excluded.content_hash) "
           "SELECT count(*) FILTER (WHERE change = 'added'), "
           "count(*) FILTER (WHERE change = 'modified') FROM ch";
}

std::string insert_new(const table_info& table, std::int64_t run) {
    auto name = std::string(table.name);
    auto columns = joined(copy_columns(table));
    return "WITH ins AS (INSERT INTO cloudsync." + name + " (" + columns + ") SELECT " + columns +
           " FROM " + staging(table, run) +
           " WHERE is_new RETURNING tenant, account, native_id) "
           "INSERT INTO cloudsync.changes (run_id, tenant, account, table_name, native_id, change) "
           "SELECT $1, tenant, account, '" +
           name + "', native_id, 'added' FROM ins";
}

std::string remove_unseen(const table_info& table) {
    auto name = std::string(table.name);
    return "WITH del AS (DELETE FROM cloudsync." + name + " t USING pg_temp.unseen_" + name +
           " u WHERE t.tenant = $2 AND t.account = $3 AND t.id_hash = u.id_hash "
           "AND NOT (t.scope = ANY ($4::text[])) "
           "RETURNING t.native_id), "
           "ch AS (INSERT INTO cloudsync.changes (run_id, tenant, account, table_name, native_id, "
           "change) SELECT $1, $2, $3, '" +
           name +
           "', native_id, 'removed' FROM del RETURNING 1) "
           "SELECT count(*) FROM ch";
}

std::vector<std::string> delete_account_rows() {
    std::vector<std::string> out;
    for (const auto table : inventory::all_tables)
        out.push_back("DELETE FROM cloudsync." + std::string(inventory::to_string(table)) +
                      " WHERE account = $1");
    for (const auto* bookkeeping : {"metric_samples", "changes", "sync_runs"})
        out.push_back("DELETE FROM cloudsync." + std::string(bookkeeping) + " WHERE account = $1");
    return out;
}

std::string read_jobs() {
    // The run by sync_runs' key, with run_columns (run_from_row reads them).
    return std::string("SELECT r.*, j.tenant, j.account, j.provider, j.kind, "
                       "(extract(epoch FROM j.next_due) * 1000000)::bigint, "
                       "CASE WHEN j.lease_expires >= now() THEN j.lease_owner END, "
                       "(extract(epoch FROM j.lease_expires) * 1000000)::bigint, "
                       "j.pending_trigger, j.consecutive_failures FROM cloudsync.jobs j "
                       "LEFT JOIN LATERAL (") +
           run_columns + "WHERE tenant = j.tenant AND id = j.last_run) r ON true "
                         "ORDER BY j.account, j.kind";
}

std::string function_list(std::string_view functions) {
    std::string out;
    for (std::size_t at = 0; at < functions.size();) {
        auto end = functions.find("), ", at);
        if (end == std::string_view::npos) {
            out.append(functions.substr(at));
            break;
        }
        out.append(functions.substr(at, end + 1 - at)).append(";");
        at = end + 3;
    }
    return out;
}

std::vector<std::string> row_security_tables() {
    std::vector<std::string> out;
    for (const auto table : inventory::all_tables)
        out.emplace_back(inventory::to_string(table));
    for (const auto* bookkeeping :
         {"metric_samples", "tenants", "accounts", "sync_runs", "changes", "jobs"})
        out.emplace_back(bookkeeping);
    return out;
}

namespace {

std::string partition_prefix(const day_partitioned& table) {
    return std::string(table.parent) + "_p";
}

} // namespace

std::string retention_ahead(const day_partitioned& table) {
    return "SELECT cloudsync." + std::string(table.ensure) +
           "(ARRAY(SELECT (now() AT TIME ZONE 'UTC')::date + i FROM generate_series(-1, 2) i))";
}

std::string retention_leftovers(const day_partitioned& table) {
    return "SELECT c.relname, coalesce(i.inhdetachpending, false) FROM pg_class c "
           "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'cloudsync' "
           "LEFT JOIN pg_inherits i ON i.inhrelid = c.oid "
           "WHERE c.relkind = 'r' AND c.relname ~ '^" +
           partition_prefix(table) +
           "[0-9]{8}$' AND (i.inhrelid IS NULL OR i.inhdetachpending) ORDER BY 1";
}

std::string retention_expired(const day_partitioned& table) {
    const auto prefix = partition_prefix(table);
    return "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
           "WHERE i.inhparent = 'cloudsync." +
           std::string(table.parent) +
           "'::regclass AND NOT i.inhdetachpending AND c.relname ~ '^" + prefix +
           "[0-9]{8}$' AND (to_date(substr(c.relname, " + std::to_string(prefix.size() + 1) +
           "), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= $1::timestamptz ORDER BY 1";
}

std::string retention_cutoff(const day_partitioned& table) {
    return "SELECT now() - make_interval(secs => $1::double precision), '" +
           partition_prefix(table) +
           "' || to_char((now() - make_interval(secs => $1::double precision)) "
           "AT TIME ZONE 'UTC', 'YYYYMMDD')";
}

std::string retention_delete(const day_partitioned& table, const std::string& quoted_partition) {
    auto partition = "cloudsync." + quoted_partition;
    return "DELETE FROM " + partition + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + partition +
           " WHERE " + std::string(table.column) + " < $1 LIMIT " +
           std::to_string(retention_batch) + "))";
}

} // namespace cloudsync::store::detail::sql
