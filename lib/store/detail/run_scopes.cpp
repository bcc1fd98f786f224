// run_state, continued: scopes (savepoint + journal per scope, the partial
// outcome) and metric samples (staged, then inserted once the day partitions
// exist). Same threading and failure contract as run_state.cpp.
#include "store/detail/run_state.hpp"

#include "store/detail/copy_text.hpp"
#include "store/detail/hash.hpp"
#include "store/detail/sql.hpp"
#include "store/store_error.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include <algorithm>
#include <ctime>

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;
namespace {

constexpr std::size_t max_sample_days = 1000; // distinct UTC days of samples in one run

std::int64_t day_of(std::chrono::system_clock::time_point ts) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(ts.time_since_epoch());
    constexpr std::int64_t per_day = 86400LL * 1000000LL;
    auto count = micros.count();
    return count >= 0 ? count / per_day : -((-count + per_day - 1) / per_day);
}

// '{2024-05-01,2024-05-02}' (digits and dashes only: safe as a literal).
std::string date_array(const std::set<std::int64_t>& days) {
    std::string out = "{";
    for (auto day : days) {
        auto seconds = static_cast<std::time_t>(day * 86400);
        std::tm utc{};
        ::gmtime_r(&seconds, &utc);
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", utc.tm_year + 1900, utc.tm_mon + 1,
                      utc.tm_mday);
        if (out.size() > 1)
            out += ',';
        out += text;
    }
    return out + "}";
}

std::string one_line(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

// Streams prepared COPY lines into a temp table (see copy_text in run_state.cpp).
void copy_lines(pqxx::work& tx, const std::string& table, const std::vector<std::string>& columns,
                std::string lines) {
    if (lines.empty())
        return;
    lines.pop_back(); // write_raw_line appends the last newline itself
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    pqxx::tablewriter writer(tx, table, columns.begin(), columns.end());
#pragma GCC diagnostic pop
    writer.write_raw_line(lines);
    writer.complete();
}

} // namespace

// --- scopes

void run_state::begin_scope(const std::string& scope) noexcept {
    if (failed_ || finished_)
        return;
    try {
        tx_->exec0(sql::begin_scope);
        scope_mark mark{counts_, {}, samples_staging_};
        for (auto& [table, state] : tables_) {
            mark.tables[table] = {state.added, state.staging};
            state.index.begin_journal();
        }
        mark_ = std::move(mark);
        scope_name_ = scope;
        if (std::find(scopes_begun_.begin(), scopes_begun_.end(), scope) == scopes_begun_.end())
            scopes_begun_.push_back(scope);
    } catch (...) {
        remember_error(describe("cannot begin scope", std::current_exception(), db_.dsn()));
        tx_.reset();
    }
}

void run_state::end_scope() noexcept {
    if (failed_ || finished_)
        return;
    try {
        tx_->exec0(sql::end_scope);
        for (auto& [table, state] : tables_)
            state.index.end_journal();
        mark_.reset();
        scope_name_.clear();
    } catch (...) {
        remember_error(describe("cannot end scope", std::current_exception(), db_.dsn()));
        tx_.reset();
    }
}

void run_state::fail_scope(const std::string& error) noexcept {
    if (failed_ || finished_ || !mark_)
        return;
    try {
        tx_->exec0(sql::undo_scope);
        counts_ = mark_->counts;
        samples_staging_ = mark_->samples_staging;
        for (auto& [table, state] : tables_) {
            state.index.rollback_journal();
            std::tie(state.added, state.staging) = mark_->tables[table];
        }
        failed_scopes_.emplace_back(scope_name_, one_line(error));
        mark_.reset();
        scope_name_.clear();
    } catch (...) {
        remember_error(describe("cannot discard scope", std::current_exception(), db_.dsn()));
        tx_.reset();
    }
}

std::uint64_t run_state::content_hash(std::string& content) const {
    // Rows remember their scope; a record read in another scope than its row
    // holds must be rewritten. Unscoped ("") hashes stay as before scopes.
    if (scope_name_.empty())
        return hash64(content);
    auto size = content.size();
    content += '\t';
    append_escaped(content, scope_name_);
    auto hash = hash64(content);
    content.resize(size);
    return hash;
}

std::string run_state::protected_scopes() const {
    std::vector<std::string> scopes;
    for (const auto& [scope, error] : failed_scopes_)
        scopes.push_back(scope);
    if (!scopes.empty())
        scopes.emplace_back(); // rows of unknown scope may belong to a failed one
    return array_literal(scopes);
}

std::string run_state::failure_summary() const {
    if (failed_scopes_.empty())
        return {};
    return inv::describe_failed_scopes(scope_.cloud, failed_scopes_, scopes_begun_.size());
}

std::string run_state::failed_scopes_json() const {
    boost::json::array out;
    for (const auto& [scope, error] : failed_scopes_)
        out.push_back(boost::json::object{{"scope", scope}, {"error", error}});
    return boost::json::serialize(out);
}

// --- metric samples

void run_state::write_samples(const std::vector<inv::metric_sample>& batch) noexcept {
    if (failed_ || finished_ || batch.empty())
        return;
    try {
        write_sample_batch(batch);
    } catch (...) {
        remember_error(describe("cannot write metric samples", std::current_exception(), db_.dsn()));
        tx_.reset();
    }
}

void run_state::write_sample_batch(const std::vector<inv::metric_sample>& batch) {
    std::string lines;
    for (const auto& sample : batch) {
        if (sample.native_id.empty() || sample.native_metric.empty())
            throw store_error("metric sample without native_id or native_metric");
        if (!sample.metric.empty() &&
            std::find(inv::normalized_metrics.begin(), inv::normalized_metrics.end(),
                      sample.metric) == inv::normalized_metrics.end())
            throw store_error("metric sample of " + sample.native_id +
                              " has an unknown normalized metric '" + sample.metric + "'");
        sample_days_.insert(day_of(sample.ts));
        append_escaped(lines, sample.native_id);
        lines += '\t';
        append_escaped(lines, sample.metric);
        lines += '\t';
        append_escaped(lines, sample.native_metric);
        lines += '\t';
        append_timestamp(lines, sample.ts);
        lines += '\t';
        append_double(lines, sample.value);
        lines += '\t';
        append_escaped(lines, sample.unit);
        lines += '\n';
    }
    if (sample_days_.size() > max_sample_days)
        throw store_error("metric samples of one run span more than " +
                          std::to_string(max_sample_days) + " days");
    if (!samples_staging_) {
        tx_->exec0(sql::create_sample_stage);
        samples_staging_ = true;
    }
    static const std::vector<std::string> columns{"native_id", "metric", "native_metric",
                                                  "ts",        "value",  "unit"};
    copy_lines(*tx_, sql::sample_stage, columns, std::move(lines));
    counts_.seen += static_cast<std::int64_t>(batch.size());
}

// The run's transaction has not touched cloudsync.metric_samples before this
// point, so partitions attached meanwhile (by create_partitions, committed on
// its own connection) are visible to the INSERT, which then takes its lock.
void run_state::insert_samples(inv::run_counts& counts) {
    if (!samples_staging_)
        return;
    auto days = date_array(sample_days_);
    if (tx_->exec_params1(sql::missing_partitions, days)[0].as<std::int64_t>() > 0)
        create_partitions(days);
    auto result = tx_->exec_params(sql::insert_samples, scope_.tenant, scope_.account,
                                   std::string(inv::to_string(scope_.cloud)));
    counts.added += static_cast<std::int64_t>(result.affected_rows());
}

// A short transaction of its own: attaching partitions inside the run would
// hold the parent's lock (blocking other runs' attaches and retention) until
// the run commits, and the new partitions would stay invisible to others.
void run_state::create_partitions(const std::string& days) {
    pqxx::connection conn(db_.dsn().reveal());
    pqxx::work tx(conn);
    tx.exec_params(sql::ensure_partitions, days);
    tx.commit();
}

} // namespace cloudsync::store::detail
