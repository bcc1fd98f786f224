#include "store/detail/run_state.hpp"

#include "core/metrics.hpp"
#include "core/text.hpp"
#include "store/detail/big_endian.hpp"
#include "store/detail/copy_in.hpp"
#include "store/detail/copy_text.hpp"
#include "store/detail/record_hash.hpp"
#include "store/detail/sql.hpp"
#include "store/store_error.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <chrono>

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;
namespace {

void count_rows(inv::table table, std::string_view change, std::int64_t rows) {
    if (rows <= 0)
        return;
    metrics::default_registry()
        .get_counter(
            "cloudsync_rows_written_total", "inventory rows written by committed runs",
            {{"table", std::string(inv::to_string(table))}, {"change", std::string(change)}})
        .add(static_cast<double>(rows));
}

} // namespace

run_state::run_state(session& db, session& side, std::size_t side_after, inv::run_scope scope,
                     std::string instance)
    : db_(db), scope_(std::move(scope)), instance_(std::move(instance)), side_db_(side),
      side_after_(side_after) {}

run_state::~run_state() = default;

std::string run_state::error() const {
    std::lock_guard lock(error_mutex_);
    return error_;
}

void run_state::remember_error(std::string message) noexcept {
    {
        std::lock_guard lock(error_mutex_);
        if (error_.empty())
            error_ = std::move(message);
    }
    failed_ = true;
}

void run_state::insert_run() {
    pqxx::work tx(db_.get());
    tx.exec(sql::ensure_history_days); // the day partition the row goes to
    auto rows = tx.exec_params(sql::insert_run, scope_.tenant, scope_.account,
                               std::string(inv::to_string(scope_.cloud)),
                               std::string(inv::to_string(scope_.kind)), scope_.trigger,
                               instance_);
    if (rows.empty())
        throw store_error("account '" + scope_.account + "' is not configured for tenant '" +
                          scope_.tenant + "'");
    id_ = rows[0][0].as<inv::run_id>();
    tx.exec_params(sql::lock_run, id_); // before the row is visible (see sql::lock_run)
    tx.commit();
}

// Best effort: when the connection is gone, so is the lock.
void run_state::release_run_lock() noexcept {
    if (id_ == 0 || db_.generation() != connection_)
        return;
    try {
        pqxx::nontransaction tx(db_.get());
        tx.exec_params(sql::unlock_run, id_);
    } catch (...) {
        db_.reset(); // a lock must not outlive its run on a pooled connection
    }
}

// In the final transaction, before anything is written: the account must still
// belong to the run's tenant. Its row stays locked until commit, so applying a
// config that moves or removes the account (which deletes the account's rows)
// waits for this run, or this run sees the move and writes nothing.
void run_state::check_account(pqxx::transaction_base& tx) const {
    const auto rows = tx.exec_params(sql::run_account_tenant, scope_.account);
    if (rows.empty())
        throw store_error("account '" + scope_.account +
                          "' was removed from the config during the run; nothing was written");
    if (const auto tenant = rows[0][0].as<std::string>(); tenant != scope_.tenant)
        throw store_error("account '" + scope_.account + "' moved from tenant '" + scope_.tenant +
                          "' to '" + tenant + "' during the run; nothing was written");
}

void run_state::begin() {
    try {
        try {
            insert_run();
        } catch (const pqxx::broken_connection&) {
            db_.reset(); // the slot's connection died since its last run: once more, fresh
            insert_run();
        }
        connection_ = db_.generation();
        load_key();
        prepare_staging();
        for (auto table : tables_of(scope_.kind))
            load(table);
    } catch (...) {
        auto message = describe("cannot begin run", std::current_exception(), db_.dsn());
        if (id_ != 0)
            finish(inv::run_status::failed, message);
        else
            db_.reset();
        throw store_error(message);
    }
}

pqxx::connection& run_state::staging_connection() {
    if (!end_copy())
        throw store_error(error());
    auto& conn = db_.get();
    if (db_.generation() != connection_)
        throw store_error("run " + std::to_string(id_) +
                          ": the database connection was lost (its staged rows with it)");
    return conn;
}

// The session's temp table of metric samples, emptied (an earlier run on this
// connection may have ended without cleaning up). The run's staging tables are
// created by the first row each receives (stage()).
void run_state::prepare_staging() {
    pqxx::nontransaction tx(staging_connection());
    tx.exec0(sql::create_sample_stage);
    tx.exec0(sql::clear_sample_stage);
    staging_ready_ = true;
}

// Drops the run's staging tables. If that fails they stay behind until a sweep
// (drop_orphaned_staging) finds the run no longer held.
void run_state::clear_staging() noexcept {
    copy_.reset(); // before the connection may be reset below
    side_.reset(); // its COPY ended (a DROP would wait for it), its connection closed
    if (!staging_ready_)
        return;
    staging_ready_ = false;
    try {
        pqxx::nontransaction tx(staging_connection());
        for (auto& [table, state] : tables_)
            if (state.staging) {
                tx.exec0(sql::drop_staging(info(table), id_));
                state.staging = false;
            }
        tx.exec0(sql::clear_sample_stage);
    } catch (...) {
        db_.reset(); // the run's lock goes with the connection: a sweep drops the rest
    }
}

// The database's secret for the change-detection hashes (keyed_hash.hpp).
void run_state::load_key() {
    pqxx::read_transaction tx(db_.get());
    auto rows = tx.exec(sql::select_hash_key);
    if (rows.size() != 1)
        throw store_error("cloudsync.hash_key holds " + std::to_string(rows.size()) +
                          " keys instead of one; the schema is damaged");
    key_.emplace(keyed_hash::from_hex(std::string_view(rows[0][0].c_str(), rows[0][0].size())));
    tx.commit();
}

// One short read-only transaction (a cursor needs one); closed before any write.
void run_state::load(inv::table table) {
    auto& state = tables_[table];
    pqxx::read_transaction tx(staging_connection());
    tx.exec0(sql::load_hashes(info(table), tx.quote(scope_.tenant), tx.quote(scope_.account)));
    for (;;) {
        auto rows = tx.exec(sql::fetch_hashes);
        if (rows.empty())
            break;
        state.index.reserve(state.index.loaded_size() + rows.size());
        for (const auto& row : rows) {
            const auto id = row[0];
            const auto content = row[1];
            if (id.size() != 16 || content.size() != 8)
                throw store_error("the stored hashes came back in an unexpected form");
            // The binary cursor sends uuid_send and int8send: network byte order.
            state.index.add_loaded({big_endian64(id.c_str()), big_endian64(id.c_str() + 8)},
                                   big_endian64(content.c_str()));
        }
    }
    tx.exec0(sql::close_hashes);
    tx.commit();
    state.index.seal();
}

void run_state::append_key(std::string& out, const inv::record& value, row_id id_hash,
                           std::uint64_t content_hash, const std::string& scope) const {
    append_escaped(out, scope_.tenant);
    out += '\t';
    append_escaped(out, scope_.account);
    out += '\t';
    out += inv::to_string(scope_.cloud);
    out += '\t';
    append_escaped(out, value.native_id);
    out += '\t';
    out += to_uuid(id_hash);
    out += '\t';
    out += std::to_string(static_cast<std::int64_t>(content_hash)); // bigint is signed
    out += '\t';
    append_escaped(out, scope);
    out += '\t';
}

void run_state::write(const std::string& scope, const std::vector<inv::record>& batch) noexcept {
    if (failed_ || finished_)
        return;
    try {
        write_batch(scope, batch);
    } catch (...) {
        remember_error(describe("cannot write records", std::current_exception(), db_.dsn()));
        copy_.reset(); // its outcome no longer matters; the staging is cleared
        if (side_)
            side_->discard();
    }
}

bool run_state::end_copy() noexcept {
    bool ok = true;
    if (copy_) {
        auto stream = std::move(copy_);
        try {
            stream->complete();
        } catch (...) {
            remember_error(describe("cannot write records", std::current_exception(), db_.dsn()));
            ok = false;
        }
    }
    if (side_) {
        try {
            side_->complete();
        } catch (...) {
            remember_error(describe("cannot write records", std::current_exception(), db_.dsn()));
            ok = false;
        }
    }
    return ok;
}

void run_state::stage(inv::table table, std::string lines) {
    if (auto& state = tables_[table]; !state.staging) {
        pqxx::nontransaction tx(staging_connection());
        tx.exec0(sql::create_staging(info(table), id_));
        state.staging = true;
    }
    auto columns = [&] {
        auto out = copy_columns(info(table));
        out.insert(out.begin(), {"seq", "is_new"});
        return out;
    };
    staged_bytes_ += lines.size();
    if (!side_ && staged_bytes_ >= side_after_)
        side_ = std::make_unique<side_copy>(side_db_);
    // Every other write, unless the side stream is behind: each backend gets
    // about half, and the store thread never waits on the side.
    to_side_ = !to_side_;
    if (side_ && to_side_ && side_->has_room()) {
        side_->write(sql::staging(info(table), id_), columns(), std::move(lines));
        return;
    }
    if (!copy_ || copy_table_ != table) {
        copy_ = std::make_unique<copy_stream>(staging_connection(), sql::staging(info(table), id_),
                                              columns());
        copy_table_ = table;
    }
    copy_->write(lines);
}

run_state::table_run& run_state::owned_table(inv::table table) {
    const auto owned = tables_.find(table);
    if (owned == tables_.end())
        throw store_error("a " + std::string(inv::to_string(scope_.kind)) +
                          " run cannot write to table " + std::string(inv::to_string(table)));
    return owned->second;
}

// Unchanged records cost a hash of their fields; only added and changed ones
// are formatted as COPY text and staged.
void run_state::write_batch(const std::string& scope, const std::vector<inv::record>& batch) {
    auto& owner = part(scope);
    std::map<inv::table, std::string> staged;
    for (const auto& value : batch) {
        auto table = inv::table_of(value);
        auto& owned = owned_table(table);
        if (value.native_id.empty())
            throw store_error("record without native_id");
        // A key the collector computed through a run_check (the same hashes,
        // its own definition of the content) saves hashing here.
        const auto id_hash =
            value.key ? row_id{value.key->id_hi, value.key->id_lo} : key_->id(value.native_id);
        const auto content_hash = value.key ? value.key->content : record_hash(*key_, value, scope);
        ++counts_.seen;
        ++owner.seen;
        auto& log = owner.journals[table];
        const auto seen = owned.index.classify(id_hash, content_hash, log);
        if (seen == verdict::unchanged)
            continue;
        ++(seen == verdict::added ? owned.staged_new : owned.staged_changed);
        auto& out = staged[table];
        out += std::to_string(++seq_);
        out += seen == verdict::added ? "\tt\t" : "\tf\t";
        append_key(out, value, id_hash, content_hash, scope);
        append_content(out, value);
        out += '\n';
    }
    for (auto& [table, lines] : staged)
        stage(table, std::move(lines));
    // A COPY is a statement like any other: long ones hold back vacuum.
    if (copy_ && copy_->age() >= max_copy_age && !end_copy())
        throw store_error(error());
}

void run_state::write_unchanged(const std::string& scope, inv::table table,
                                const std::vector<inv::content_key>& keys) noexcept {
    if (failed_ || finished_)
        return;
    try {
        auto& owner = part(scope);
        auto& index = owned_table(table).index;
        for (const auto& key : keys) {
            // false: a record of this run changed the row since the collector
            // asked; that record stands (content_index::confirm).
            index.confirm(row_id{key.id_hi, key.id_lo}, key.content);
            ++counts_.seen;
            ++owner.seen;
        }
    } catch (...) {
        remember_error(describe("cannot write records", std::current_exception(), db_.dsn()));
    }
}

const content_index* run_state::index_of(inv::table table) const noexcept {
    const auto found = tables_.find(table);
    return found == tables_.end() ? nullptr : &found->second.index;
}

void run_state::merge(pqxx::transaction_base& tx, inv::table table, inv::run_counts& counts) {
    auto& state = tables_[table];
    state.added = 0;
    state.modified = 0;
    if (state.staged_new > 0)
        state.added += static_cast<std::int64_t>(
            tx.exec_params(sql::insert_new(info(table), id_), id_).affected_rows());
    if (state.staged_changed > 0) {
        auto row = tx.exec_params1(sql::merge(info(table), id_), id_);
        state.added += row[0].as<std::int64_t>();
        state.modified = row[1].as<std::int64_t>();
    }
    counts.added += state.added;
    counts.modified += state.modified;
}

void run_state::remove_unseen(pqxx::transaction_base& tx, inv::table table,
                              inv::run_counts& counts) {
    auto unseen = tables_[table].index.unseen();
    if (unseen.empty())
        return;
    const auto& ti = info(table);
    tx.exec0(sql::create_unseen(ti));
    std::string lines;
    lines.reserve(unseen.size() * 37);
    for (auto id : unseen) {
        lines += to_uuid(id);
        lines += '\n';
    }
    static const std::vector<std::string> columns{"id_hash"};
    copy_in(tx, "pg_temp.unseen_" + std::string(ti.name), columns, lines);
    auto row = tx.exec_params1(sql::remove_unseen(ti), id_, scope_.tenant, scope_.account,
                               protected_scopes());
    auto removed = row[0].as<std::int64_t>();
    counts.removed += removed;
    tables_[table].removed = removed;
}

inv::run_counts run_state::commit() {
    if (finished_)
        throw store_error("run " + std::to_string(id_) + " has already ended");
    end_copy(); // its error, if any, fails the run below with its own message
    for (const auto& [name, scope] : scopes_)
        if (scope.open && !failed_)
            remember_error("run committed while scope '" + name + "' is open");
    if (failed_) {
        auto message = error();
        fail(inv::run_status::failed, message);
        throw store_error(message);
    }
    try {
        using clock = std::chrono::steady_clock;
        const auto seconds = [](clock::duration d) {
            return std::chrono::duration<double>(d).count();
        };
        const auto started = clock::now();
        ensure_partitions();
        pqxx::work tx(staging_connection());
        check_account(tx);
        auto counts = counts_;
        for (auto table : tables_of(scope_.kind))
            merge(tx, table, counts);
        const auto merged = clock::now();
        for (auto table : tables_of(scope_.kind))
            remove_unseen(tx, table, counts);
        insert_samples(tx, counts);
        const auto status = inv::status_after_scopes(failed_scopes_.size(), scopes_.size());
        tx.exec_params0(sql::finish_run, id_, std::string(inv::to_string(status)), counts.seen,
                        counts.added, counts.modified, counts.removed,
                        valid_utf8(failure_summary()), // scope names came from outside too
                        failed_scopes_json(), empty_scopes_json(), scope_.tenant);
        const auto finishing = clock::now();
        tx.commit();
        const auto committed = clock::now();
        spdlog::debug("store: run {} committed in {:.2f} s (merge {:.2f} s, removals and samples "
                      "{:.2f} s, commit {:.2f} s)",
                      id_, seconds(committed - started), seconds(merged - started),
                      seconds(finishing - merged), seconds(committed - finishing));
        finished_ = true;
        clear_staging();
        release_run_lock();
        for (auto table : tables_of(scope_.kind)) {
            const auto& state = tables_[table];
            count_rows(table, "added", state.added);
            count_rows(table, "modified", state.modified);
            count_rows(table, "removed", state.removed);
        }
        return counts;
    } catch (...) {
        auto message = describe("cannot commit run", std::current_exception(), db_.dsn());
        remember_error(message);
        finish(inv::run_status::failed, message);
        throw store_error(message);
    }
}

// The row records the run's first error: a run abandoned after a write
// failed says why the write failed, not "abandoned".
void run_state::fail(inv::run_status status, const std::string& message) noexcept {
    if (finished_)
        return;
    remember_error(message);
    std::string first;
    try {
        first = error();
    } catch (...) {
        first = message;
    }
    finish(status, first);
}

// The final status, in its own short transaction; the staging is emptied.
void run_state::finish(inv::run_status status, const std::string& message) noexcept {
    finished_ = true;
    clear_staging();
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            pqxx::work tx(db_.get());
            tx.exec_params0(sql::finish_run, id_, std::string(inv::to_string(status)), counts_.seen,
                            std::int64_t{0}, std::int64_t{0}, std::int64_t{0},
                            valid_utf8(message), // may quote a cloud's bytes
                            failed_scopes_json(), empty_scopes_json(), scope_.tenant);
            tx.commit();
            release_run_lock();
            return;
        } catch (...) {
            db_.reset(); // maybe the connection broke: retry once on a fresh one
        }
    }
}

} // namespace cloudsync::store::detail
