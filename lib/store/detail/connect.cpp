#include "store/detail/connect.hpp"

#include "store/store_error.hpp"

#include <pqxx/except>
#include <pqxx/nontransaction>

#include <stdexcept>

#include <sys/socket.h>

namespace cloudsync::store::detail {
namespace {

// The password in a conninfo ("password=..." or "password='...'") or a URI
// ("postgresql://user:password@host/..."), or "" when there is none.
std::string password_of(const std::string& dsn) {
    auto key = dsn.find("password");
    if (key != std::string::npos) {
        auto pos = dsn.find_first_not_of(' ', key + 8);
        if (pos != std::string::npos && dsn[pos] == '=') {
            pos = dsn.find_first_not_of(' ', pos + 1);
            if (pos == std::string::npos)
                return {};
            if (dsn[pos] == '\'') {
                std::string value;
                for (++pos; pos < dsn.size() && dsn[pos] != '\''; ++pos) {
                    if (dsn[pos] == '\\' && pos + 1 < dsn.size())
                        ++pos;
                    value += dsn[pos];
                }
                return value;
            }
            auto end = dsn.find_first_of(" &", pos);
            return dsn.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        }
    }
    auto scheme = dsn.find("://");
    if (scheme == std::string::npos)
        return {};
    auto at = dsn.find('@', scheme);
    auto colon = dsn.find(':', scheme + 3);
    if (at == std::string::npos || colon == std::string::npos || colon > at)
        return {};
    return dsn.substr(colon + 1, at - colon - 1);
}

} // namespace

std::string scrub(std::string what, const cloudsync::secret& dsn) {
    auto password = password_of(dsn.reveal());
    if (password.size() >= 1) {
        for (auto pos = what.find(password); pos != std::string::npos;
             pos = what.find(password, pos + 3))
            what.replace(pos, password.size(), "***");
    }
    while (!what.empty() && (what.back() == '\n' || what.back() == ' '))
        what.pop_back();
    return what;
}

std::string describe(const std::string& context, std::exception_ptr error,
                     const cloudsync::secret& dsn) {
    try {
        std::rethrow_exception(error);
    } catch (const store_error& e) {
        return e.what(); // already scrubbed and in context
    } catch (const pqxx::broken_connection& e) {
        // libpqxx 6 words a connection the server closed (a restart, an idle
        // timeout) as "Could not obtain client encoding: not connected".
        return context + ": the connection to PostgreSQL was lost (" + scrub(e.what(), dsn) + ")";
    } catch (const std::exception& e) {
        return context + ": " + scrub(e.what(), dsn);
    } catch (...) {
        return context + ": unknown error";
    }
}

namespace {

bool has_key(const std::string& dsn, const std::string& key) {
    for (auto pos = dsn.find(key); pos != std::string::npos; pos = dsn.find(key, pos + 1)) {
        bool starts = pos == 0 || dsn[pos - 1] == ' ' || dsn[pos - 1] == '?' || dsn[pos - 1] == '&';
        auto after = dsn.find_first_not_of(' ', pos + key.size());
        if (starts && after != std::string::npos && dsn[after] == '=')
            return true;
    }
    return false;
}

} // namespace

std::string effective_dsn(const session_rules& rules) {
    const std::string& dsn = rules.dsn.reveal();
    const std::pair<std::string, std::string> defaults[] = {
        {"connect_timeout", std::to_string(rules.connect_timeout.count())},
        {"keepalives", "1"},
        {"keepalives_idle", std::to_string(rules.keepalive_idle.count())},
        {"keepalives_interval", std::to_string(rules.keepalive_interval.count())},
        {"keepalives_count", std::to_string(rules.keepalive_count)},
    };
    bool uri = dsn.rfind("postgresql://", 0) == 0 || dsn.rfind("postgres://", 0) == 0;
    std::string out = dsn;
    for (const auto& [key, value] : defaults) {
        if (has_key(dsn, key))
            continue;
        if (uri)
            out += (out.find('?') == std::string::npos ? "?" : "&") + key + "=" + value;
        else
            out += " " + key + "=" + value;
    }
    return out;
}

std::string session_setup(const session_rules& rules) {
    return "SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false), "
           "pg_catalog.set_config('statement_timeout', '" +
           std::to_string(rules.statement_timeout.count()) + "', false)";
}

pqxx::connection& session::get() {
    if (conn_ && conn_->is_open())
        return *conn_;
    reset();
    {
        std::lock_guard lock(mutex_);
        if (aborted_)
            throw store_error("the store is shutting down");
    }
    std::unique_ptr<pqxx::connection> fresh;
    try {
        fresh = std::make_unique<pqxx::connection>(effective_dsn(rules_));
        // libpqxx 6 would silently reconnect a broken connection: that would
        // lose a run's session state (its lock, its samples' temp table), so a
        // broken one stays broken.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        fresh->inhibit_reactivation(true);
#pragma GCC diagnostic pop
        pqxx::nontransaction tx(*fresh);
        tx.exec(session_setup(rules_));
        if (!rules_.role.empty())
            tx.exec("SET ROLE " + tx.quote_name(rules_.role));
    } catch (const std::exception& e) {
        // Not describe(): a connection that never opened was not lost.
        throw store_error("cannot connect to PostgreSQL: " + scrub(e.what(), rules_.dsn));
    } catch (...) {
        throw store_error("cannot connect to PostgreSQL: unknown error");
    }
    std::lock_guard lock(mutex_);
    if (aborted_)
        throw store_error("the store is shutting down");
    conn_ = std::move(fresh);
    ++generation_;
    return *conn_;
}

void session::reset() noexcept {
    std::unique_ptr<pqxx::connection> old;
    std::lock_guard lock(mutex_);
    old.swap(conn_); // destroyed after the lock is released
}

void session::abort() noexcept {
    std::lock_guard lock(mutex_);
    aborted_ = true;
    if (conn_ && conn_->sock() >= 0)
        ::shutdown(conn_->sock(), SHUT_RDWR);
}

} // namespace cloudsync::store::detail
