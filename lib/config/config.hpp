// The frozen, fully validated configuration of cloudsyncd: plain value types
// only. Parsing, validation and secret resolution live in load.hpp; nothing
// here knows YAML. Every field holds its final value: defaults are filled in,
// durations are typed, secret references are already resolved into secrets,
// relative paths are made absolute against the config file's directory.
// A loaded config is shared as std::shared_ptr<const config> and never changes;
// a reload (SIGHUP) builds a new one.
#pragma once

#include "core/kind.hpp"
#include "core/log.hpp"
#include "core/secret.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cloudsync::config {

// Every duration in the config has whole-second precision.
using duration = std::chrono::seconds;

struct database_config {
    secret dsn; // libpq conninfo or URI; may hold a password
    // libpq's connect_timeout for every session the daemon opens (> 0: a
    // database that never answers must not hang start-up or a run).
    duration connect_timeout = std::chrono::seconds(10);
    // statement_timeout of the daemon's sessions; zero: none. Bounds how long
    // one statement (a merge, a retention delete) may hold its locks.
    duration statement_timeout = std::chrono::minutes(10);
    // The roles the daemon acts as (SET ROLE; the login role must be a member
    // of each). Empty: the login role itself. owner_role owns the schema and
    // runs migrations, grants and retention; writer_role writes the inventory,
    // under row-level security like everyone but superusers.
    std::string owner_role{};
    std::string writer_role{};
    friend bool operator==(const database_config&, const database_config&) = default;
};

// Where the API listens: a TCP host and port, or a unix socket path.
struct listen_address {
    enum class family { tcp, unix_socket };
    family kind = family::tcp;
    std::string host = "127.0.0.1"; // tcp: IP literal (IPv6 without brackets) or localhost
    std::uint16_t port = 8080;      // tcp: 0 asks the kernel for a free port
    std::string path;               // unix_socket: absolute path
    friend bool operator==(const listen_address&, const listen_address&) = default;
};

// The listen address in the config's own spelling: "127.0.0.1:8080",
// "[::1]:8080", "unix:/run/cloudsync/api.sock" (what api::server_options takes).
std::string to_string(const listen_address& address);

struct tls_config {
    std::string certificate; // absolute path of a PEM chain, readable at load time
    secret private_key;      // PEM text
    friend bool operator==(const tls_config&, const tls_config&) = default;
};

struct api_config {
    listen_address listen;
    std::optional<secret> token;   // bearer token required by the API; absent: none
    std::optional<tls_config> tls; // absent: plain HTTP
    std::size_t max_connections = 256;
    // Serve a non-loopback TCP address without TLS or without a token anyway.
    bool allow_insecure_listen = false;
    friend bool operator==(const api_config&, const api_config&) = default;
};

struct log_config {
    log_level level = log_level::info;
    friend bool operator==(const log_config&, const log_config&) = default;
};

struct tenant {
    std::string name;                 // [a-z][a-z0-9_-]*, at most 63 characters
    std::vector<std::string> readers; // PostgreSQL role names, [A-Za-z_][A-Za-z0-9_]*, <= 63
    friend bool operator==(const tenant&, const tenant&) = default;
};

// Endpoints are absolute https URLs (http only for a loopback host), stored
// without a trailing slash. "{region}" in a template is the only placeholder.
struct azure_endpoints {
    std::string login = "https://login.microsoftonline.com";
    std::string management = "https://management.azure.com";
    std::string metrics = "https://{region}.metrics.monitor.azure.com"; // template
    // The token audience of the metrics data plane (scope: audience + "/.default").
    // Key endpoints.metrics_audience; when absent it is derived from `metrics`:
    // its scheme and authority with a leading "{region}." label removed
    // ("https://{region}.metrics.monitor.azure.cn" -> "https://metrics.monitor.azure.cn").
    std::string metrics_audience = "https://metrics.monitor.azure.com";
    friend bool operator==(const azure_endpoints&, const azure_endpoints&) = default;
};

// accounts[].azure authentication: exactly one of these three keys.
// client_secret: a secret reference to the app registration's client secret.
struct azure_client_secret {
    secret value;
    friend bool operator==(const azure_client_secret&, const azure_client_secret&) = default;
};

// client_certificate: a secret reference to ONE PEM text holding the certificate
// registered on the app and its unencrypted RSA private key (checked at load for
// both blocks; the key itself is checked when the credential is built).
struct azure_client_certificate {
    secret pem;
    friend bool operator==(const azure_client_certificate&,
                           const azure_client_certificate&) = default;
};

// managed_identity: {} (system-assigned) or {client_id, endpoint}: a token from
// the instance metadata service of the machine cloudsyncd runs on.
struct azure_managed_identity {
    std::string client_id; // a user-assigned identity's client id; empty: system-assigned
    // http is allowed here for loopback and for the link-local IMDS address only.
    std::string endpoint = "http://169.254.169.254/metadata/identity/oauth2/token";
    friend bool operator==(const azure_managed_identity&, const azure_managed_identity&) = default;
};

using azure_authentication =
    std::variant<azure_client_secret, azure_client_certificate, azure_managed_identity>;

struct azure_account {
    // Entra ID directory (GUID or domain). Required with client_secret and
    // client_certificate; optional (empty) with managed_identity.
    std::string tenant_id;
    // The app registration's (client) id. Required with client_secret and
    // client_certificate; always empty with managed_identity (a user-assigned
    // identity's id is azure_managed_identity::client_id).
    std::string client_id;
    azure_authentication authentication;
    std::vector<std::string> subscriptions; // empty: every subscription it can see
    azure_endpoints endpoints;
    friend bool operator==(const azure_account&, const azure_account&) = default;
};

struct gcp_endpoints {
    std::string token = "https://oauth2.googleapis.com/token";
    std::string compute = "https://compute.googleapis.com";
    std::string storage = "https://storage.googleapis.com";
    std::string run = "https://run.googleapis.com";
    std::string monitoring = "https://monitoring.googleapis.com";
    std::string cloudresourcemanager = "https://cloudresourcemanager.googleapis.com";
    friend bool operator==(const gcp_endpoints&, const gcp_endpoints&) = default;
};

// gcp.metadata_server: the credential of the Google Cloud VM (or GKE / Cloud
// Run workload) cloudsyncd runs on, from its metadata server.
struct gcp_metadata_server {
    // Empty: Google's http://metadata.google.internal (the credential sends it
    // to 169.254.169.254). Else http only for loopback and 169.254.169.254.
    std::string endpoint;
    friend bool operator==(const gcp_metadata_server&, const gcp_metadata_server&) = default;
};

struct gcp_account {
    // Exactly one of key and metadata_server. key: the JSON key file's text, a
    // JSON object whose "type" is service_account or authorized_user (checked
    // at load; nothing else is checked); empty with metadata_server.
    secret key;
    std::optional<gcp_metadata_server> metadata_server;
    std::vector<std::string> projects; // empty: every project it can see
    gcp_endpoints endpoints;
    friend bool operator==(const gcp_account&, const gcp_account&) = default;
};

struct aws_endpoints { // all templates with "{region}"
    std::string sts = "https://sts.{region}.amazonaws.com";
    std::string ec2 = "https://ec2.{region}.amazonaws.com";
    std::string s3 = "https://s3.{region}.amazonaws.com";
    std::string monitoring = "https://monitoring.{region}.amazonaws.com";
    std::string ecs = "https://ecs.{region}.amazonaws.com";
    friend bool operator==(const aws_endpoints&, const aws_endpoints&) = default;
};

// aws.instance_profile: the keys of the EC2 instance cloudsyncd runs on, from
// its instance metadata service (IMDSv2); no secret is configured.
struct aws_instance_profile {
    // Scheme and host[:port], no path. http only for 169.254.169.254 (port 80)
    // and loopback.
    std::string endpoint = "http://169.254.169.254";
    friend bool operator==(const aws_instance_profile&, const aws_instance_profile&) = default;
};

struct aws_account {
    // Authentication: exactly one of the key pair (both keys) and
    // instance_profile; the keys are empty with instance_profile. role_arn and
    // external_id may go with either: the role is assumed with those keys.
    secret access_key_id;
    secret secret_access_key;
    // With the key pair only: temporary keys (ASIA...) come with one.
    std::optional<secret> session_token;
    std::optional<aws_instance_profile> instance_profile;
    std::optional<std::string> role_arn; // assumed with STS when present
    std::optional<secret> external_id;   // only meaningful with role_arn
    std::vector<std::string> regions;    // empty: every enabled region
    aws_endpoints endpoints;
    friend bool operator==(const aws_account&, const aws_account&) = default;
};

struct account {
    std::string name;   // [a-z][a-z0-9_-]*, unique
    std::string tenant; // names an entry of config::tenants
    cloudsync::provider provider = cloudsync::provider::azure;
    // Holds exactly the alternative matching `provider`.
    std::variant<azure_account, gcp_account, aws_account> settings;
    std::vector<cloudsync::collector_kind> collectors; // default: every kind, in enum order
    bool enabled = true;
    // How many scopes (subscriptions, projects, account-regions) of one of this
    // account's jobs are read at once; 1..64.
    std::size_t scope_concurrency = 8;

    bool collects(cloudsync::collector_kind kind) const noexcept;
    friend bool operator==(const account&, const account&) = default;
};

struct schedule_config {
    // Indexed by collector_kind's enum value; use interval().
    std::array<duration, cloudsync::all_collector_kinds.size()> intervals{
        std::chrono::minutes(15), std::chrono::minutes(30), std::chrono::minutes(30),
        std::chrono::minutes(15), std::chrono::minutes(5),  std::chrono::minutes(1)};
    duration jitter = std::chrono::seconds(30); // may be zero (no jitter)
    duration max_backoff = std::chrono::hours(1);
    std::size_t max_concurrent_runs = 4;

    duration interval(cloudsync::collector_kind kind) const noexcept {
        return intervals[static_cast<std::size_t>(kind)];
    }
    friend bool operator==(const schedule_config&, const schedule_config&) = default;
};

// How the collectors of all accounts share the process.
struct collection_config {
    // Cloud HTTP requests in flight at once across every job; 1..1024.
    std::size_t max_in_flight = 64;
    // Threads that parse pages and build records; 0 (the default) means one per
    // core. At most 64. Use threads() for the effective number.
    std::size_t parse_threads = 0;
    // The largest cloud API response body read, in MiB; 1..1024. A larger one
    // fails its request (naming the URL) instead of growing the daemon.
    std::size_t max_response_mib = 32;

    // parse_threads, or the number of cores (at least 1) when it is 0.
    std::size_t threads() const noexcept;
    friend bool operator==(const collection_config&, const collection_config&) = default;
};

struct metrics_config {
    duration lookback = std::chrono::minutes(15);
    duration retention = std::chrono::hours(24 * 30);
    friend bool operator==(const metrics_config&, const metrics_config&) = default;
};

// The run history: cloudsync.changes and cloudsync.sync_runs.
struct history_config {
    duration retention = std::chrono::hours(24 * 90);
    friend bool operator==(const history_config&, const history_config&) = default;
};

// Several instances on one database (docs/scale-out.md).
struct cluster_config {
    // How long a job's lease lasts without renewal (renewed every third of
    // it while a run goes on): a dead instance's jobs move to another after it.
    duration lease = std::chrono::seconds(60);
    friend bool operator==(const cluster_config&, const cluster_config&) = default;
};

struct config {
    std::string source; // the file (display name) it was loaded from
    database_config database;
    api_config api;
    log_config log;
    std::vector<tenant> tenants;
    std::vector<account> accounts;
    schedule_config schedule;
    collection_config collection;
    metrics_config metrics;
    history_config history;
    cluster_config cluster;

    // nullptr when no entry has that name.
    const tenant* find_tenant(std::string_view name) const noexcept;
    const account* find_account(std::string_view name) const noexcept;
    friend bool operator==(const config&, const config&) = default;
};

} // namespace cloudsync::config
