// A store thread's PostgreSQL connection, opened lazily and reopened after it
// broke, and the one place that turns libpqxx failures into store_error with
// the DSN's password scrubbed out. Owned by one store thread: not thread-safe.
#pragma once

#include "core/secret.hpp"

#include <pqxx/connection>

#include <exception>
#include <memory>
#include <string>

namespace cloudsync::store::detail {

class session {
public:
    explicit session(cloudsync::secret dsn) : dsn_(std::move(dsn)) {}

    // The open connection; connects (again) when there is none or it broke.
    // Throws store_error.
    pqxx::connection& get();
    // Drops the connection (after an error that may have left it unusable).
    void reset() noexcept { conn_.reset(); }
    const cloudsync::secret& dsn() const noexcept { return dsn_; }

private:
    cloudsync::secret dsn_;
    std::unique_ptr<pqxx::connection> conn_;
};

// `what` with every occurrence of the DSN's password replaced by "***".
std::string scrub(std::string what, const cloudsync::secret& dsn);

// The message for a caught exception, as "<context>: <scrubbed message>".
std::string describe(const std::string& context, std::exception_ptr error,
                     const cloudsync::secret& dsn);

} // namespace cloudsync::store::detail
