// What every session of one server shares: options, router, TLS context, the
// connection count and registry. Sessions hold it by shared_ptr, so it
// outlives the server object while connections drain.
#pragma once

#include "api/detail/connections.hpp"
#include "api/detail/router.hpp"
#include "api/server_options.hpp"

#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <optional>

namespace cloudsync::api::detail {

struct server_state {
    // Throws listen_error when the TLS files cannot be loaded.
    server_state(server_options opts, std::shared_ptr<backend> impl);

    const server_options options;
    const router routes;
    std::optional<boost::asio::ssl::context> tls; // set when options.tls; read-only after
    std::atomic<std::size_t> active{0};           // open connections
    std::atomic<bool> stopping{false};
    connection_registry connections;
};

} // namespace cloudsync::api::detail
