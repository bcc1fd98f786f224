// How every collector walks an account: the scopes to read (Azure
// subscriptions, GCP projects, AWS account-regions), each read inside its own
// scope of the run (inventory/run.hpp), up to a per-account limit at a time,
// and the one rule that decides which failures end only a scope. What a
// collector reads within a scope is not here, nor how a provider lists scopes.
#pragma once

#include "collectors/common/engine.hpp"
#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::common {

class api_client;

// What an error thrown while reading a scope ends.
enum class failure_reach {
    scope,      // that scope is failed (its rows kept), the others go on
    empty,      // the scope is complete as read so far (GCP: API not enabled)
    collection, // the whole collection fails: rethrown, the other scopes cancelled
};

// Decides the reach of an error; called inside the catch block of the scope.
using failure_classifier = std::function<failure_reach(const std::exception& error)>;

// The rule every cloud shares unless its module supplies another:
//  - api_error with status 403, 404, 409, 429 or >= 500 (after the client's
//    retries), page_error (malformed page, item without id, foreign next link)
//    and http::transport_error from the cloud API end only that scope;
//  - everything else fails the collection: auth::auth_error (credentials are
//    obtained before each scope opens; a token refresh failing in mid-scope is
//    the one auth case that ends only a scope, as a transport error), any other
//    api_error status (400, 401: a request every scope would get wrong), the
//    sink's own errors, cancellation.
failure_reach default_failure_reach(const std::exception& error);

// ids without repeats, first occurrence kept (an id listed or configured twice
// is read and counted once). ignore_case for case-insensitive ids (Azure GUIDs).
std::vector<std::string> unique_scopes(std::vector<std::string> ids, bool ignore_case);

struct walk_options {
    std::size_t limit = 8; // scopes read at the same time (at least 1)
    failure_classifier classify = default_failure_reach;
    std::string scope_word = "scope"; // for logs: "subscription", "project" ...
    // Awaited before each scope opens (obtaining credentials), so that a failure
    // there fails the collection before a scope is begun. Optional.
    std::function<boost::asio::awaitable<void>()> prepare;
};

// The walk of an account's scopes read through one API client, as every cloud
// does it: up to engine.scope_concurrency at a time, the client's credentials
// obtained before each scope opens, errors classified by classify.
walk_options account_walk(const engine_context& engine, std::shared_ptr<api_client> client,
                          std::string scope_word, failure_classifier classify = default_failure_reach);

// Reads one scope: writes its records to out. Must not call complete() or fail().
using scope_reader =
    std::function<boost::asio::awaitable<void>(std::string scope, inventory::scope_sink& out)>;

// For each scope (deduplicated, see unique_scopes with exact match): prepare(),
// sink->open_scope(scope), read(scope, out), then out.complete() or out.fail(why)
// as options.classify decides. Up to options.limit scopes at a time on the
// caller's executor. An error of reach `collection` cancels the scopes in
// flight (their scope_sinks are destroyed unfinished: "abandoned"), waits for
// them, and is rethrown; so is cancellation of the caller. Each scope is opened
// at most once. Lifetime: sink and read are kept until the walk returns.
boost::asio::awaitable<void> walk_scopes(std::vector<std::string> scopes,
                                         std::shared_ptr<inventory::record_sink> sink,
                                         walk_options options, scope_reader read);

} // namespace cloudsync::collectors::common
