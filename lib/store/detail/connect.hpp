// A store thread's PostgreSQL connection, opened lazily and reopened after it
// broke, with the store's session rules applied to every connection (deadlines,
// keepalives, a pinned search_path), and the one place that turns libpqxx
// failures into store_error with the DSN's password scrubbed out.
// Owned by one store thread: only abort() may be called from another.
#pragma once

#include "core/secret.hpp"

#include <pqxx/connection>

#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <string>

namespace cloudsync::store::detail {

// What every store connection gets (see store::options for the defaults).
struct session_rules {
    cloudsync::secret dsn;
    std::chrono::seconds connect_timeout{10};
    std::chrono::milliseconds statement_timeout{std::chrono::minutes(10)};
    std::chrono::seconds keepalive_idle{30};
    std::chrono::seconds keepalive_interval{10};
    int keepalive_count = 3;
    // SET ROLE on every new connection ("" = stay the login role).
    std::string role;
};

// The connection string actually used: the DSN with connect_timeout and the
// keepalive settings added unless it sets them itself (what the operator wrote
// wins). Conninfo ("k=v ...") and URI ("postgresql://...?k=v") forms.
std::string effective_dsn(const session_rules& rules);

// Run on every new connection before anything else: search_path pinned to
// pg_catalog, pg_temp (every statement of the store names its schema, so no
// function or operator planted in a schema the role can write is ever found),
// and statement_timeout. set_config(), not SET: one round trip.
std::string session_setup(const session_rules& rules);

class session {
public:
    explicit session(session_rules rules) : rules_(std::move(rules)) {}

    // The open connection; connects (again) when there is none or it broke.
    // Throws store_error (also after abort()).
    pqxx::connection& get();
    // Drops the connection (after an error that may have left it unusable).
    void reset() noexcept;
    // Counts the connections opened so far: a run that holds session state (its
    // lock, staged samples) checks it did not silently get a new connection.
    std::uint64_t generation() const noexcept { return generation_; }
    // Thread-safe. Cuts the connection's socket (a statement waiting on the
    // server fails at once with broken_connection) and refuses to reconnect.
    // For shutdown: the database's destructor bounds its wait with it.
    void abort() noexcept;
    const cloudsync::secret& dsn() const noexcept { return rules_.dsn; }

private:
    session_rules rules_;
    std::mutex mutex_; // guards conn_'s pointer and aborted_ against abort()
    std::unique_ptr<pqxx::connection> conn_;
    bool aborted_ = false;
    std::uint64_t generation_ = 0;
};

// `what` with every occurrence of the DSN's password replaced by "***".
std::string scrub(std::string what, const cloudsync::secret& dsn);

// The message for a caught exception, as "<context>: <scrubbed message>"; for
// pqxx::broken_connection "<context>: the connection to PostgreSQL was lost
// (<scrubbed message>)", since libpqxx's own words do not say so.
std::string describe(const std::string& context, std::exception_ptr error,
                     const cloudsync::secret& dsn);

} // namespace cloudsync::store::detail
