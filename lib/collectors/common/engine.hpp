// What every provider's collectors share from the one collection engine: the
// HTTP client, the parse executor, the per-account scope concurrency and the
// throttle settings. The daemon fills one per account; collectors copy it.
// What is not here: credentials (each provider module receives its own
// authorizers) and anything about one provider's API.
#pragma once

#include "collectors/common/throttle.hpp"
#include "http/client.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <memory>

namespace cloudsync::collectors::common {

struct engine_context {
    // Single-executor object: every collector coroutine runs on its executor,
    // and so does every call to it, to the authorizers and to the sink.
    std::shared_ptr<http::client> http;
    // Where pages are parsed and records built (an asio::thread_pool sized to
    // the cores, owned by whoever builds the collectors and outliving them).
    // Empty: parse inline on the collector's executor (tests, tools).
    boost::asio::any_io_executor parse_executor;
    // Scopes of one account read at the same time (config: per-account limit).
    std::size_t scope_concurrency = 8;
    throttle_settings throttle;
};

// The defaults around one client: parse inline, 8 scopes at a time.
inline engine_context default_engine(std::shared_ptr<http::client> http) {
    engine_context engine;
    engine.http = std::move(http);
    return engine;
}

} // namespace cloudsync::collectors::common
