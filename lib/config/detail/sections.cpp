#include "config/detail/sections.hpp"

#include "core/text.hpp"

#include "config/detail/endpoint.hpp"
#include "config/detail/secrets.hpp"

#include <algorithm>

namespace cloudsync::config::detail {
namespace {

bool is_role_name(std::string_view text) noexcept {
    auto head = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (text.empty() || text.size() > 63 || !head(text[0]))
        return false;
    return std::all_of(text.begin(), text.end(),
                       [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

// A plain-string DSN that carries a password works but belongs in a secret.
bool dsn_holds_password(const std::string& dsn) {
    const std::string lowered = to_lower(dsn);
    if (lowered.find("password") != std::string::npos)
        return true;
    auto scheme = lowered.find("://");
    if (scheme == std::string::npos)
        return false;
    auto authority_end = lowered.find_first_of("/?", scheme + 3);
    auto authority =
        lowered.substr(scheme + 3, authority_end == std::string::npos ? std::string::npos
                                                                      : authority_end - scheme - 3);
    auto at = authority.rfind('@');
    return at != std::string::npos && authority.substr(0, at).find(':') != std::string::npos;
}

tls_config read_tls(const value& v) {
    object o(v, {"certificate", "private_key"});
    tls_config tls;
    auto certificate = o.require("certificate");
    auto path = resolve_path(v.context(), certificate.as_nonempty_string());
    std::string content, problem;
    if (!read_small_file(path, 1 << 20, content, problem))
        certificate.fail("cannot read " + path.string() + ": " + problem);
    tls.certificate = path.string();
    tls.private_key = read_secret(o.require("private_key"));
    return tls;
}

} // namespace

database_config read_database(const value& v) {
    object o(v, {"dsn", "connect_timeout", "statement_timeout", "owner_role", "writer_role"});
    auto dsn = o.require("dsn");
    database_config result;
    if (dsn.node().IsScalar()) {
        // A plain DSN is not a secret reference; only warn when it carries a password.
        auto text = dsn.as_nonempty_string();
        if (dsn_holds_password(text))
            dsn.warn("dsn holds a password inline; use a secret reference ({file: PATH}, "
                     "{env: NAME} or {credential: NAME}) or a .pgpass file");
        result.dsn = secret(std::move(text));
    } else {
        result.dsn = read_secret(dsn);
    }
    if (auto timeout = o.get("connect_timeout"))
        result.connect_timeout = timeout->as_duration(false);
    if (auto timeout = o.get("statement_timeout"))
        result.statement_timeout = timeout->as_duration(true);
    if (auto role = o.get("owner_role"))
        result.owner_role = role->as_nonempty_string();
    if (auto role = o.get("writer_role"))
        result.writer_role = role->as_nonempty_string();
    return result;
}

namespace {

// 127.0.0.0/8, ::1 and localhost: reachable from this host only.
bool loopback(const listen_address& listen) {
    if (listen.kind == listen_address::family::unix_socket)
        return true;
    return listen.host == "localhost" || listen.host == "::1" || listen.host.rfind("127.", 0) == 0;
}

constexpr std::size_t min_token_bytes = 32;

} // namespace

api_config read_api(const value& v) {
    object o(v, {"listen", "token", "tls", "max_connections", "allow_insecure_listen"});
    api_config api;
    if (auto token = o.get("token")) {
        api.token = read_secret(*token);
        // A short token can be guessed; it is the API's only key.
        if (api.token->reveal().size() < min_token_bytes)
            token->fail("the token must be at least " + std::to_string(min_token_bytes) +
                        " bytes long (e.g. head -c 32 /dev/urandom | base64)");
    }
    if (auto tls = o.get("tls"))
        api.tls = read_tls(*tls);
    if (auto max = o.get("max_connections"))
        api.max_connections = max->as_count(1, 1000000);
    if (auto allow = o.get("allow_insecure_listen"))
        api.allow_insecure_listen = allow->as_bool();
    if (auto listen = o.get("listen")) {
        api.listen = read_listen(*listen);
        // Beyond this host, /status and /runs (run errors, account names) and
        // POST /sync travel the network: only over TLS, only with a token.
        if (!loopback(api.listen) && !api.allow_insecure_listen && (!api.tls || !api.token))
            listen->fail("not a loopback address: serving the network needs api.tls and "
                         "api.token (or api.allow_insecure_listen: true, e.g. behind a proxy "
                         "that adds both)");
    }
    return api;
}

log_config read_log(const value& v) {
    object o(v, {"level"});
    log_config log;
    if (auto level = o.get("level")) {
        auto text = level->as_string();
        if (text == "debug")
            log.level = log_level::debug;
        else if (text == "info")
            log.level = log_level::info;
        else if (text == "warn")
            log.level = log_level::warn;
        else if (text == "error")
            log.level = log_level::error;
        else
            level->fail("unknown log level '" + text + "' (expected debug, info, warn or error)");
    }
    return log;
}

std::vector<tenant> read_tenants(const value& v) {
    std::vector<tenant> tenants;
    for (const auto& item : v.items()) {
        object o(item, {"name", "readers"});
        tenant t;
        auto name = o.require("name");
        t.name = name.as_string();
        if (!is_lower_name(t.name))
            name.fail("tenant name must match [a-z][a-z0-9_-]* and be at most 63 characters");
        for (const auto& other : tenants)
            if (other.name == t.name)
                name.fail("duplicate tenant name '" + t.name + "'");
        if (auto readers = o.get("readers")) {
            auto items = readers->items();
            t.readers = readers->as_string_list();
            for (std::size_t i = 0; i < items.size(); ++i)
                if (!is_role_name(t.readers[i]))
                    items[i].fail("reader must be a postgresql role name matching "
                                  "[A-Za-z_][A-Za-z0-9_]* of at most 63 characters");
        }
        tenants.push_back(std::move(t));
    }
    return tenants;
}

schedule_config read_schedule(const value& v) {
    object o(v, {"vms", "storage", "networks", "containers", "metrics", "alerts", "jitter",
                 "max_backoff", "max_concurrent_runs"});
    schedule_config schedule;
    for (auto kind : cloudsync::all_collector_kinds)
        if (auto interval = o.get(cloudsync::to_string(kind)))
            schedule.intervals[static_cast<std::size_t>(kind)] = interval->as_duration(false);
    if (auto jitter = o.get("jitter"))
        schedule.jitter = jitter->as_duration(true);
    if (auto backoff = o.get("max_backoff"))
        schedule.max_backoff = backoff->as_duration(false);
    if (auto runs = o.get("max_concurrent_runs"))
        schedule.max_concurrent_runs = runs->as_count(1, 1024);
    return schedule;
}

collection_config read_collection(const value& v) {
    object o(v, {"max_in_flight", "parse_threads", "max_response_mib"});
    collection_config collection;
    if (auto max = o.get("max_in_flight"))
        collection.max_in_flight = max->as_count(1, 1024);
    if (auto threads = o.get("parse_threads"))
        collection.parse_threads = threads->as_count(0, 64);
    if (auto limit = o.get("max_response_mib"))
        collection.max_response_mib = limit->as_count(1, 1024);
    return collection;
}

metrics_config read_metrics(const value& v) {
    object o(v, {"lookback", "retention"});
    metrics_config metrics;
    if (auto lookback = o.get("lookback"))
        metrics.lookback = lookback->as_duration(false);
    if (auto retention = o.get("retention"))
        metrics.retention = retention->as_duration(false);
    return metrics;
}

history_config read_history(const value& v) {
    object o(v, {"retention"});
    history_config history;
    if (auto retention = o.get("retention"))
        history.retention = retention->as_duration(false);
    return history;
}

cluster_config read_cluster(const value& v) {
    object o(v, {"lease"});
    cluster_config cluster;
    if (auto lease = o.get("lease")) {
        cluster.lease = lease->as_duration(false);
        // Renewed every third of it, at whole-second resolution.
        if (cluster.lease < std::chrono::seconds(3))
            lease->fail("must be at least 3s");
    }
    return cluster;
}

} // namespace cloudsync::config::detail
