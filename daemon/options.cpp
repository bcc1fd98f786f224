#include "options.hpp"

namespace cloudsync::daemon {

store::options store_options(const config::config& cfg) {
    store::options out;
    out.dsn = cfg.database.dsn;
    out.max_runs = cfg.schedule.max_concurrent_runs;
    out.connect_timeout = cfg.database.connect_timeout;
    out.statement_timeout = cfg.database.statement_timeout;
    out.owner_role = cfg.database.owner_role;
    out.writer_role = cfg.database.writer_role;
    return out;
}

http::client_options http_options(const config::config& cfg) {
    http::client_options out;
    out.max_in_flight = cfg.collection.max_in_flight;
    out.max_body_bytes = cfg.collection.max_response_mib << 20;
    out.user_agent = "cloudsyncd/" CLOUDSYNC_VERSION;
    return out;
}

scheduler::options scheduler_options(const config::config& cfg) {
    scheduler::options out;
    out.max_concurrent_runs = cfg.schedule.max_concurrent_runs;
    out.jitter = cfg.schedule.jitter;
    out.max_backoff = cfg.schedule.max_backoff;
    return out;
}

api::server_options api_options(const config::config& cfg, std::vector<int> listen_fds) {
    api::server_options out;
    out.listen = {config::to_string(cfg.api.listen)};
    out.listen_fds = std::move(listen_fds);
    out.token = cfg.api.token;
    out.max_connections = cfg.api.max_connections;
    if (cfg.api.tls) out.tls = api::tls_options{cfg.api.tls->certificate, cfg.api.tls->private_key};
    out.version = CLOUDSYNC_VERSION;
    return out;
}

} // namespace cloudsync::daemon
