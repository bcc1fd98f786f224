// run_state, continued: scopes (staged rows tagged with their scope, a journal
// of index updates per scope, the partial outcome) and metric samples (staged,
// then inserted once the day partitions exist). Same threading and failure
// contract as run_state.cpp.
#include "store/detail/run_state.hpp"

#include "core/text.hpp"
#include "store/detail/copy_in.hpp"
#include "store/detail/copy_text.hpp"
#include "store/detail/sql.hpp"
#include "store/store_error.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <pqxx/pqxx>

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

// A scope's error or empty reason as stored: one line of valid UTF-8 (a cloud's
// message may be clipped mid-character or not be UTF-8 at all; PostgreSQL
// refuses such text, and the run could not be finished).
std::string one_line(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return valid_utf8(text);
}

} // namespace

// --- scopes

run_state::scope_part& run_state::part(const std::string& scope) {
    auto it = scopes_.find(scope);
    if (it != scopes_.end()) {
        if (!it->second.open)
            throw store_error("scope '" + scope + "' has already ended");
        return it->second;
    }
    throw store_error("scope '" + scope + "' written without being opened");
}

void run_state::open_scope(const std::string& scope) noexcept {
    if (failed_ || finished_)
        return;
    if (scopes_.count(scope)) {
        remember_error("scope '" + scope + "' opened twice in run " + std::to_string(id_));
        return;
    }
    scopes_[scope];
}

void run_state::complete_scope(const std::string& scope, const std::string& empty_reason) noexcept {
    if (failed_ || finished_)
        return;
    auto it = scopes_.find(scope);
    if (it == scopes_.end() || !it->second.open)
        return;
    if (!empty_reason.empty()) {
        try {
            empty_scopes_.emplace_back(scope, one_line(empty_reason));
        } catch (...) {
            remember_error("out of memory noting an empty scope");
            return;
        }
    }
    it->second.open = false;
    it->second.journals.clear(); // its updates stand
}

void run_state::fail_scope(const std::string& scope, const std::string& error) noexcept {
    if (failed_ || finished_)
        return;
    auto it = scopes_.find(scope);
    if (it == scopes_.end() || !it->second.open)
        return;
    try {
        discard_scope(scope);
    } catch (...) {
        remember_error(describe("cannot discard scope", std::current_exception(), db_.dsn()));
        return;
    }
    auto& part = it->second;
    part.open = false;
    counts_.seen -= part.seen;
    for (auto& [table, log] : part.journals)
        tables_[table].index.rollback(log);
    part.journals.clear();
    failed_scopes_.emplace_back(scope, one_line(error));
}

// Autocommit: each DELETE is its own short transaction.
void run_state::discard_scope(const std::string& scope) {
    pqxx::nontransaction tx(staging_connection());
    for (const auto& [table, log] : scopes_[scope].journals)
        if (!log.empty() && tables_[table].staging)
            tx.exec_params0(sql::discard_staged(info(table), id_), scope);
    if (samples_staged_)
        tx.exec_params0(sql::discard_samples, scope);
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
    return inv::describe_failed_scopes(scope_.cloud, failed_scopes_, scopes_.size());
}

std::string run_state::empty_scopes_json() const {
    boost::json::array out;
    for (const auto& [scope, reason] : empty_scopes_)
        out.push_back(boost::json::object{{"scope", scope}, {"reason", reason}});
    return boost::json::serialize(out);
}

std::string run_state::failed_scopes_json() const {
    boost::json::array out;
    for (const auto& [scope, error] : failed_scopes_)
        out.push_back(boost::json::object{{"scope", scope}, {"error", error}});
    return boost::json::serialize(out);
}

// --- metric samples

void run_state::write_samples(const std::string& scope,
                              const std::vector<inv::metric_sample>& batch) noexcept {
    if (failed_ || finished_ || batch.empty())
        return;
    try {
        write_sample_batch(scope, batch);
    } catch (...) {
        remember_error(
            describe("cannot write metric samples", std::current_exception(), db_.dsn()));
    }
}

void run_state::write_sample_batch(const std::string& scope,
                                   const std::vector<inv::metric_sample>& batch) {
    auto& owner = part(scope);
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
        append_escaped(lines, scope);
        lines += '\t';
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
    static const std::vector<std::string> columns{"scope", "native_id", "metric", "native_metric",
                                                  "ts",    "value",     "unit"};
    pqxx::nontransaction tx(staging_connection());
    copy_in(tx, sql::sample_stage, columns, lines);
    samples_staged_ = true;
    counts_.seen += static_cast<std::int64_t>(batch.size());
    owner.seen += static_cast<std::int64_t>(batch.size());
}

// Before the run's transaction, in one of its own: attaching partitions inside
// the run's would hold the parent's lock (blocking other runs' attaches and
// retention) until it commits. The INSERT then sees the new partitions.
void run_state::ensure_partitions() {
    pqxx::work tx(staging_connection());
    tx.exec(sql::ensure_history_days); // for the `changes` rows of the commit
    if (samples_staged_) {
        auto days = date_array(sample_days_);
        if (tx.exec_params1(sql::missing_partitions, days)[0].as<std::int64_t>() > 0)
            tx.exec_params(sql::ensure_partitions, days);
    }
    tx.commit();
}

void run_state::insert_samples(pqxx::transaction_base& tx, inv::run_counts& counts) {
    if (!samples_staged_)
        return;
    auto result = tx.exec_params(sql::insert_samples, scope_.tenant, scope_.account,
                                 std::string(inv::to_string(scope_.cloud)));
    counts.added += static_cast<std::int64_t>(result.affected_rows());
}

} // namespace cloudsync::store::detail
