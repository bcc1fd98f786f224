#include "store/detail/run_state.hpp"

#include "core/metrics.hpp"
#include "store/detail/copy_text.hpp"
#include "store/detail/hash.hpp"
#include "store/detail/sql.hpp"
#include "store/store_error.hpp"

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include <algorithm>

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;
namespace {

constexpr std::size_t chunk_bytes = 1 << 20; // COPY data handed to libpq at a time

// Streams prepared COPY text lines (each ending in '\n') into `table`.
// tablewriter is deprecated in libpqxx 6 in favour of stream_to, whose
// raw-line writer is private; we need raw lines because we format and hash
// the text ourselves.
void copy_text(pqxx::work& tx, const std::string& table, const std::vector<std::string>& columns,
               const std::string& lines) {
    if (lines.empty())
        return;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    pqxx::tablewriter writer(tx, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
    // write_raw_line appends '\n' itself: hand over whole lines minus the last newline.
    std::size_t pos = 0;
    while (pos < lines.size()) {
        std::size_t end = std::min(lines.size(), pos + chunk_bytes);
        end = lines.rfind('\n', end - 1);
        if (end == std::string::npos || end < pos)
            end = lines.find('\n', pos);
        writer.write_raw_line(lines.substr(pos, end - pos));
        pos = end + 1;
    }
    writer.complete();
}

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

run_state::run_state(session& db, inv::run_scope scope) : db_(db), scope_(std::move(scope)) {}

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
    auto row = tx.exec_params1(sql::insert_run, scope_.tenant, scope_.account,
                               std::string(inv::to_string(scope_.cloud)),
                               std::string(inv::to_string(scope_.kind)), scope_.trigger);
    id_ = row[0].as<inv::run_id>();
    tx.commit();
}

void run_state::begin() {
    try {
        try {
            insert_run();
        } catch (const pqxx::broken_connection&) {
            db_.reset(); // the slot's connection died since its last run: once more, fresh
            insert_run();
        }
        tx_ = std::make_unique<pqxx::work>(db_.get());
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

void run_state::load(inv::table table) {
    auto& state = tables_[table];
    tx_->exec0(
        sql::load_hashes(info(table), tx_->quote(scope_.tenant), tx_->quote(scope_.account)));
    for (;;) {
        auto rows = tx_->exec(sql::fetch_hashes);
        if (rows.empty())
            break;
        state.index.reserve(state.index.loaded_size() + rows.size());
        for (const auto& row : rows)
            state.index.add_loaded(static_cast<std::uint64_t>(row[0].as<std::int64_t>()),
                                   static_cast<std::uint64_t>(row[1].as<std::int64_t>()));
    }
    tx_->exec0(sql::close_hashes);
    state.index.seal();
}

void run_state::append_key(std::string& out, const inv::record& value, std::uint64_t id_hash,
                           std::uint64_t content_hash) const {
    append_escaped(out, scope_.tenant);
    out += '\t';
    append_escaped(out, scope_.account);
    out += '\t';
    out += inv::to_string(scope_.cloud);
    out += '\t';
    append_escaped(out, value.native_id);
    out += '\t';
    out += std::to_string(to_bigint(id_hash));
    out += '\t';
    out += std::to_string(to_bigint(content_hash));
    out += '\t';
    append_escaped(out, scope_name_);
    out += '\t';
}

void run_state::append_added_change(std::string& out, inv::table table,
                                    const inv::record& value) const {
    out += std::to_string(id_);
    out += '\t';
    append_escaped(out, scope_.tenant);
    out += '\t';
    append_escaped(out, scope_.account);
    out += '\t';
    out += inv::to_string(table);
    out += '\t';
    append_escaped(out, value.native_id);
    out += "\tadded\n";
}

void run_state::write(const std::vector<inv::record>& batch) noexcept {
    if (failed_ || finished_)
        return;
    try {
        write_batch(batch);
    } catch (...) {
        remember_error(describe("cannot write records", std::current_exception(), db_.dsn()));
        tx_.reset(); // rolls back now: the run cannot continue
    }
}

void run_state::write_batch(const std::vector<inv::record>& batch) {
    struct buffers {
        std::string added, changes, staged;
    };
    std::map<inv::table, buffers> out;
    std::string content;
    for (const auto& value : batch) {
        auto table = inv::table_of(value);
        auto owned = tables_.find(table);
        if (owned == tables_.end())
            throw store_error("a " + std::string(inv::to_string(scope_.kind)) +
                              " run cannot write to table " + std::string(inv::to_string(table)));
        if (value.native_id.empty())
            throw store_error("record without native_id");
        content.clear();
        append_content(content, value);
        auto id_hash = hash64(value.native_id);
        auto content_hash = this->content_hash(content);
        ++counts_.seen;
        auto& buf = out[table];
        switch (owned->second.index.classify(id_hash, content_hash)) {
        case verdict::unchanged:
            break;
        case verdict::added:
            append_key(buf.added, value, id_hash, content_hash);
            buf.added += content;
            buf.added += '\n';
            append_added_change(buf.changes, table, value);
            break;
        case verdict::changed:
            buf.staged += std::to_string(++seq_) + '\t';
            append_key(buf.staged, value, id_hash, content_hash);
            buf.staged += content;
            buf.staged += '\n';
            break;
        }
    }
    for (const auto& [table, buf] : out) {
        copy_new(table, buf.added, buf.changes);
        copy_staged(table, buf.staged);
    }
}

void run_state::copy_new(inv::table table, const std::string& rows, const std::string& changes) {
    if (rows.empty())
        return;
    const auto& ti = info(table);
    copy_text(*tx_, "cloudsync." + std::string(ti.name), copy_columns(ti), rows);
    static const std::vector<std::string> change_columns{"run_id",     "tenant",    "account",
                                                         "table_name", "native_id", "change"};
    copy_text(*tx_, "cloudsync.changes", change_columns, changes);
    auto added = std::count(rows.begin(), rows.end(), '\n');
    tables_[table].added += added;
    counts_.added += added;
}

void run_state::copy_staged(inv::table table, const std::string& rows) {
    if (rows.empty())
        return;
    const auto& ti = info(table);
    auto& state = tables_[table];
    if (!state.staging) {
        tx_->exec0(sql::create_staging(ti));
        state.staging = true;
    }
    auto columns = copy_columns(ti);
    columns.insert(columns.begin(), "seq");
    copy_text(*tx_, "stage_" + std::string(ti.name), columns, rows);
}

void run_state::merge(inv::table table, inv::run_counts& counts) {
    auto& state = tables_[table];
    if (!state.staging)
        return;
    auto row = tx_->exec_params1(sql::merge(info(table)), id_);
    auto added = row[0].as<std::int64_t>();
    auto modified = row[1].as<std::int64_t>();
    counts.added += added;
    counts.modified += modified;
    state.added += added;
    state.modified = modified;
}

void run_state::remove_unseen(inv::table table, inv::run_counts& counts) {
    auto unseen = tables_[table].index.unseen();
    if (unseen.empty())
        return;
    const auto& ti = info(table);
    tx_->exec0(sql::create_unseen(ti));
    std::string lines;
    for (auto id : unseen) {
        lines += std::to_string(to_bigint(id));
        lines += '\n';
    }
    static const std::vector<std::string> columns{"id_hash"};
    copy_text(*tx_, "unseen_" + std::string(ti.name), columns, lines);
    auto row = tx_->exec_params1(sql::remove_unseen(ti), id_, scope_.tenant, scope_.account,
                                 protected_scopes());
    auto removed = row[0].as<std::int64_t>();
    counts.removed += removed;
    tables_[table].removed = removed;
}

inv::run_counts run_state::commit() {
    if (finished_)
        throw store_error("run " + std::to_string(id_) + " has already ended");
    if (mark_ && !failed_)
        remember_error("run committed while scope '" + scope_name_ + "' is open");
    if (failed_ || !tx_) {
        auto message = error();
        finish(inv::run_status::failed, message);
        throw store_error(message);
    }
    try {
        auto counts = counts_;
        for (auto table : tables_of(scope_.kind))
            merge(table, counts);
        for (auto table : tables_of(scope_.kind))
            remove_unseen(table, counts);
        insert_samples(counts);
        const auto status = inv::status_after_scopes(failed_scopes_.size(), scopes_begun_.size());
        tx_->exec_params0(sql::finish_run, id_, std::string(inv::to_string(status)), counts.seen,
                          counts.added, counts.modified, counts.removed, failure_summary(),
                          failed_scopes_json());
        tx_->commit();
        tx_.reset();
        finished_ = true;
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
        tx_.reset();
        finish(inv::run_status::failed, message);
        throw store_error(message);
    }
}

void run_state::fail(inv::run_status status, const std::string& message) noexcept {
    if (finished_)
        return;
    remember_error(message);
    tx_.reset();
    finish(status, message);
}

// The final status, in its own short transaction (the run's was rolled back).
void run_state::finish(inv::run_status status, const std::string& message) noexcept {
    finished_ = true;
    tx_.reset();
    for (int attempt = 0; attempt < 2; ++attempt) {
        try {
            pqxx::work tx(db_.get());
            tx.exec_params0(sql::finish_run, id_, std::string(inv::to_string(status)), counts_.seen,
                            std::int64_t{0}, std::int64_t{0}, std::int64_t{0}, message,
                            failed_scopes_json());
            tx.commit();
            return;
        } catch (...) {
            db_.reset(); // maybe the connection broke: retry once on a fresh one
        }
    }
}

} // namespace cloudsync::store::detail
