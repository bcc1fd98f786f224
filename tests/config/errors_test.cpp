// Every validation error, with its exact FILE:LINE:COL and key path.
#include "helpers.hpp"

namespace cloudsync::config::testing {
namespace {

// Lines 6-13: one valid azure account (client secret from CS_TEST_SECRET).
const std::string azure = "accounts:\n"
                          "  - name: az\n"
                          "    tenant: platform\n"
                          "    provider: azure\n"
                          "    azure:\n"
                          "      tenant_id: t\n"
                          "      client_id: c\n"
                          "      client_secret: {env: CS_TEST_SECRET}\n";

class ConfigErrors : public ::testing::Test {
protected:
    scoped_env secret_{"CS_TEST_SECRET", "s3cr3t-value"};
};

TEST_F(ConfigErrors, ValidBaseLoads) {
    EXPECT_EQ(error_of(head + azure), "no error");
}

TEST_F(ConfigErrors, UnknownTopLevelKey) {
    EXPECT_EQ(error_of("databse:\n  dsn: x\n"),
              "t.yaml:1:1: databse: unknown key (expected one of: database, api, log, tenants, "
              "accounts, schedule, collection, metrics, history, cluster)");
}

TEST_F(ConfigErrors, UnknownKeyInsideEndpoints) {
    EXPECT_EQ(error_of(head + azure + "      endpoints:\n        logon: https://x\n"),
              "t.yaml:15:9: accounts[0].azure.endpoints.logon: unknown key (expected one of: "
              "login, management, metrics, metrics_audience)");
}

TEST_F(ConfigErrors, UnknownKeyInsideSecretReferenceIsNotNamed) {
    auto yaml = head + azure;
    yaml.replace(yaml.find("{env: CS_TEST_SECRET}"), 21, "{fil: /x}");
    EXPECT_EQ(error_of(yaml), "t.yaml:13:23: accounts[0].azure.client_secret: unknown key "
                              "(expected one of: file, env, credential)");
}

TEST_F(ConfigErrors, UnknownKeyInAccountAndSchedule) {
    EXPECT_EQ(error_of(head + azure + "    colectors: [vms]\n"),
              "t.yaml:14:5: accounts[0].colectors: unknown key (expected one of: name, tenant, "
              "provider, azure, gcp, aws, collectors, enabled, scope_concurrency)");
    EXPECT_EQ(error_of(head + azure + "schedule:\n  vm: 5m\n"),
              "t.yaml:15:3: schedule.vm: unknown key (expected one of: vms, storage, networks, "
              "containers, metrics, alerts, jitter, max_backoff, max_concurrent_runs)");
}

TEST_F(ConfigErrors, DuplicateSubscriptionIgnoresCase) {
    const std::string more =
        "  - {name: b, tenant: platform, provider: azure,\n" // 14
        "     azure: {tenant_id: t, client_id: c, client_secret: {env: CS_TEST_SECRET}}}\n"
        "  - name: c\n" // 16
        "    tenant: platform\n"
        "    provider: azure\n"
        "    azure:\n"
        "      tenant_id: t\n" // 20
        "      client_id: c\n"
        "      client_secret: {env: CS_TEST_SECRET}\n"
        "      subscriptions:\n"
        "        - \"9B7C5D3E-1F2A-4B6C-8D0E-2F4A6B8C0D1E\"\n" // 24
        "        - \"0b7c5d3e-1f2a-4b6c-8d0e-2f4a6b8c0d1e\"\n"
        "        - \"11111111-1f2a-4b6c-8d0e-2f4a6b8c0d1e\"\n"
        "        - \"9b7c5d3e-1f2a-4b6c-8d0e-2f4a6b8c0d1e\"\n"; // 27
    EXPECT_EQ(error_of(head + azure + more),
              "t.yaml:27:11: accounts[2].azure.subscriptions[3]: duplicate subscription id "
              "'9b7c5d3e-1f2a-4b6c-8d0e-2f4a6b8c0d1e' (same as accounts[2].azure.subscriptions[0]; "
              "ids are compared case-insensitively)");
}

TEST_F(ConfigErrors, ConcurrencyLimitsAreChecked) {
    EXPECT_EQ(error_of(head + azure + "    scope_concurrency: 0\n"),
              "t.yaml:14:24: accounts[0].scope_concurrency: expected an integer from 1 to 64");
    EXPECT_EQ(error_of(head + azure + "    scope_concurrency: 65\n"),
              "t.yaml:14:24: accounts[0].scope_concurrency: expected an integer from 1 to 64");
    EXPECT_EQ(error_of(head + azure + "collection:\n  max_in_flight: 0\n"),
              "t.yaml:15:18: collection.max_in_flight: expected an integer from 1 to 1024");
    EXPECT_EQ(error_of(head + azure + "collection:\n  max_in_flight: 1025\n"),
              "t.yaml:15:18: collection.max_in_flight: expected an integer from 1 to 1024");
    EXPECT_EQ(error_of(head + azure + "collection:\n  parse_threads: 65\n"),
              "t.yaml:15:18: collection.parse_threads: expected an integer from 0 to 64");
    EXPECT_EQ(error_of(head + azure + "collection:\n  parse_threads: -1\n"),
              "t.yaml:15:18: collection.parse_threads: expected an integer from 0 to 64");
    EXPECT_EQ(error_of(head + azure + "collection:\n  threads: 2\n"),
              "t.yaml:15:3: collection.threads: unknown key (expected one of: max_in_flight, "
              "parse_threads, max_response_mib)");
    EXPECT_EQ(error_of(head + azure + "collection:\n  max_response_mib: 0\n"),
              "t.yaml:15:21: collection.max_response_mib: expected an integer from 1 to 1024");
    EXPECT_EQ(error_of(head + azure + "collection: 8\n"),
              "t.yaml:14:13: collection: expected a mapping, got a scalar");
}

TEST_F(ConfigErrors, DatabaseDeadlinesAreChecked) {
    const std::string rest = "tenants: []\naccounts: []\n";
    EXPECT_EQ(error_of("database:\n  dsn: x\n  connect_timeout: 0s\n" + rest),
              "t.yaml:3:20: database.connect_timeout: duration must be greater than zero");
    EXPECT_EQ(error_of("database:\n  dsn: x\n  statement_timeout: 10x\n" + rest),
              "t.yaml:3:22: database.statement_timeout: bad duration '10x': unknown unit (use "
              "s, m, h or d)");
    EXPECT_EQ(error_of("database:\n  dsn: x\n  connect_timout: 5s\n" + rest),
              "t.yaml:3:3: database.connect_timout: unknown key (expected one of: dsn, "
              "connect_timeout, statement_timeout, owner_role, writer_role)");
    EXPECT_EQ(error_of("database:\n  dsn: x\n  statement_timeout: 0s\n" + rest), "no error");
}

TEST_F(ConfigErrors, DuplicateKey) {
    EXPECT_EQ(error_of(head + azure + "database:\n  dsn: y\n"),
              "t.yaml:14:1: database: duplicate key");
}

TEST_F(ConfigErrors, WrongType) {
    EXPECT_EQ(error_of("database:\n  dsn: x\ntenants: platform\naccounts: []\n"),
              "t.yaml:3:10: tenants: expected a list, got a scalar");
    EXPECT_EQ(error_of(head + azure + "api:\n  max_connections: many\n"),
              "t.yaml:15:20: api.max_connections: expected an integer from 1 to 1000000");
    EXPECT_EQ(error_of(head + azure + "    enabled: yes\n"),
              "t.yaml:14:14: accounts[0].enabled: expected true or false");
    EXPECT_EQ(error_of(head + azure + "api: [a]\n"),
              "t.yaml:14:6: api: expected a mapping, got a list");
    auto yaml = head + azure;
    yaml.replace(yaml.find("tenant_id: t"), 12, "tenant_id: {a: b}");
    EXPECT_EQ(error_of(yaml),
              "t.yaml:11:18: accounts[0].azure.tenant_id: expected a string, got a mapping");
}

TEST_F(ConfigErrors, BadDuration) {
    EXPECT_EQ(error_of(head + azure + "schedule:\n  vms: 15x\n"),
              "t.yaml:15:8: schedule.vms: bad duration '15x': unknown unit (use s, m, h or d)");
    EXPECT_EQ(error_of(head + azure + "schedule:\n  vms: 0m\n"),
              "t.yaml:15:8: schedule.vms: duration must be greater than zero");
    EXPECT_EQ(error_of(head + azure + "metrics:\n  retention: -1d\n"),
              "t.yaml:15:14: metrics.retention: bad duration '-1d': expected a number at character "
              "1 (durations look like 15m, 1h30m, 30d)");
    EXPECT_EQ(error_of(head + azure + "history:\n  retention: 0d\n"),
              "t.yaml:15:14: history.retention: duration must be greater than zero");
    EXPECT_EQ(
        error_of(head + azure + "schedule:\n  max_backoff: 60\n"),
        "t.yaml:15:16: schedule.max_backoff: bad duration '60': missing unit after 60 (use s, "
        "m, h or d)");
}

TEST_F(ConfigErrors, DuplicateTenantName) {
    EXPECT_EQ(error_of(head + "  - name: platform\n" + azure),
              "t.yaml:6:11: tenants[1].name: duplicate tenant name 'platform'");
}

TEST_F(ConfigErrors, DuplicateAccountName) {
    auto second = azure.substr(azure.find("  - name"));
    EXPECT_EQ(error_of(head + azure + second),
              "t.yaml:14:11: accounts[1].name: duplicate account name 'az'");
}

TEST_F(ConfigErrors, AccountNamesUnknownTenant) {
    auto yaml = head + azure;
    yaml.replace(yaml.find("tenant: platform"), 16, "tenant: payments");
    EXPECT_EQ(error_of(yaml), "t.yaml:8:13: accounts[0].tenant: unknown tenant 'payments'");
}

TEST_F(ConfigErrors, ProviderBlockMissing) {
    auto yaml = head + azure;
    yaml.replace(yaml.find("provider: azure"), 15, "provider: aws");
    EXPECT_EQ(error_of(yaml),
              "t.yaml:10:5: accounts[0].azure: block does not match provider 'aws'");
    EXPECT_EQ(error_of(head + "accounts:\n  - name: a\n    tenant: platform\n    provider: gcp\n"),
              "t.yaml:7:5: accounts[0].gcp: missing required key");
}

TEST_F(ConfigErrors, ProviderBlockExtra) {
    EXPECT_EQ(error_of(head + azure + "    gcp:\n      key: {env: X}\n"),
              "t.yaml:14:5: accounts[0].gcp: block does not match provider 'azure'");
}

TEST_F(ConfigErrors, UnknownProvider) {
    auto yaml = head + azure;
    yaml.replace(yaml.find("provider: azure"), 15, "provider: oracle");
    EXPECT_EQ(error_of(yaml), "t.yaml:9:15: accounts[0].provider: unknown provider 'oracle' "
                              "(expected azure, gcp or aws)");
}

TEST_F(ConfigErrors, PlainHttpEndpointOnlyForLoopback) {
    auto endpoint = [&](const std::string& url) {
        return error_of(head + azure + "      endpoints:\n        management: \"" + url + "\"\n");
    };
    EXPECT_EQ(endpoint("http://management.azure.com"),
              "t.yaml:15:21: accounts[0].azure.endpoints.management: http is only allowed for a "
              "loopback host (127.0.0.0/8, ::1, localhost); use https");
    EXPECT_EQ(endpoint("http://128.0.0.1:8080"),
              "t.yaml:15:21: accounts[0].azure.endpoints.management: http is only allowed for a "
              "loopback host (127.0.0.0/8, ::1, localhost); use https");
    EXPECT_EQ(endpoint("ftp://management.azure.com"),
              "t.yaml:15:21: accounts[0].azure.endpoints.management: unsupported scheme 'ftp' (use "
              "https)");
    EXPECT_EQ(endpoint("management.azure.com"),
              "t.yaml:15:21: accounts[0].azure.endpoints.management: not an absolute url "
              "(expected https://host[:port][/path])");
    EXPECT_EQ(endpoint("https://{region}.azure.com"),
              "t.yaml:15:21: accounts[0].azure.endpoints.management: this endpoint takes no "
              "{region} placeholder");
    EXPECT_EQ(endpoint("https://management.azure.com/?x=1"),
              "t.yaml:15:21: accounts[0].azure.endpoints.management: url must not have a query or "
              "fragment");
    for (auto ok : {"http://127.0.0.1:9000", "http://127.8.9.10", "http://[::1]:9000/x",
                    "http://localhost:9000", "https://management.azure.com/"})
        EXPECT_EQ(endpoint(ok), "no error") << ok;
}

TEST_F(ConfigErrors, UnreadableSecretReference) {
    auto with = [&](const std::string& reference) {
        auto yaml = head + azure;
        yaml.replace(yaml.find("{env: CS_TEST_SECRET}"), 21, reference);
        return error_of(yaml);
    };
    EXPECT_EQ(with("{file: /nonexistent/cloudsync/secret}"),
              "t.yaml:13:29: accounts[0].azure.client_secret.file: cannot read "
              "/nonexistent/cloudsync/secret: no such file or directory");
    scoped_env unset("CS_TEST_UNSET", std::nullopt);
    EXPECT_EQ(with("{env: CS_TEST_UNSET}"),
              "t.yaml:13:28: accounts[0].azure.client_secret.env: environment variable "
              "CS_TEST_UNSET is not set");
    temp_dir dir;
    scoped_env credentials("CREDENTIALS_DIRECTORY", dir.path().string());
    EXPECT_EQ(with("{credential: azure-secret}"),
              "t.yaml:13:35: accounts[0].azure.client_secret.credential: cannot read " +
                  (dir.path() / "azure-secret").string() + ": no such file or directory");
    EXPECT_EQ(with("{env: CS_TEST_SECRET, file: /x}"),
              "t.yaml:13:22: accounts[0].azure.client_secret: a secret reference needs exactly "
              "one of file, env, credential");
}

TEST_F(ConfigErrors, CredentialWithoutCredentialsDirectory) {
    scoped_env unset("CREDENTIALS_DIRECTORY", std::nullopt);
    auto yaml = head + azure;
    yaml.replace(yaml.find("{env: CS_TEST_SECRET}"), 21, "{credential: azure-secret}");
    EXPECT_EQ(error_of(yaml), "t.yaml:13:35: accounts[0].azure.client_secret.credential: "
                              "credential azure-secret: $CREDENTIALS_DIRECTORY is not set (use "
                              "LoadCredential= in the unit)");
}

TEST_F(ConfigErrors, MissingRequiredKey) {
    EXPECT_EQ(error_of("tenants: []\naccounts: []\n"),
              "t.yaml:1:1: database: missing required key");
    EXPECT_EQ(error_of("database:\n  dsn:\ntenants: []\naccounts: []\n"),
              "t.yaml:2:3: database.dsn: missing value");
    auto yaml = head + azure;
    yaml.erase(yaml.find("      client_secret"));
    EXPECT_EQ(error_of(yaml), "t.yaml:11:7: accounts[0].azure: needs exactly one authentication "
                              "method: client_secret, client_certificate or managed_identity");
    EXPECT_EQ(error_of(head), "t.yaml:1:1: accounts: missing required key");
}

TEST_F(ConfigErrors, MalformedYamlReportsTheParserMark) {
    EXPECT_EQ(error_of("database:\n  dsn: [x\ntenants: []\n"),
              "t.yaml:3:8: malformed yaml: end of sequence flow not found");
    EXPECT_EQ(error_of("database:\n  dsn: x\n   bad: indent\n"),
              "t.yaml:3:7: malformed yaml: illegal map value");
}

// Found by fuzz_config: yaml-cpp 0.7's LoadAll looped forever on these,
// allocating an empty document per turn, so --check never returned.
TEST_F(ConfigErrors, YamlThatStallsTheParserIsMalformed) {
    EXPECT_EQ(error_of(","), "t.yaml:1:1: malformed yaml: unexpected ','");
    EXPECT_EQ(error_of(std::string(",\0\0 ", 4)), "t.yaml:1:1: malformed yaml: unexpected ','");
    EXPECT_EQ(error_of("- a\n,\n"), "t.yaml:2:1: malformed yaml: unexpected ','");
    EXPECT_EQ(error_of("a: 1\n---\nb: 2\n"), "t.yaml:3:1: more than one yaml document");
}

TEST_F(ConfigErrors, EmptyFile) {
    EXPECT_EQ(error_of(""), "t.yaml:1:1: config is empty");
    EXPECT_EQ(error_of("# nothing but a comment\n"), "t.yaml:1:1: config is empty");
    EXPECT_EQ(error_of("---\n...\n"), "t.yaml:1:1: config is empty");
    EXPECT_EQ(error_of("just text\n"), "t.yaml:1:1: expected a mapping at the top level");
}

TEST_F(ConfigErrors, UnreadableConfigFile) {
    try {
        load_file("/nonexistent/cloudsync.yaml");
        FAIL() << "loaded";
    } catch (const config_error& e) {
        EXPECT_STREQ(e.what(),
                     "/nonexistent/cloudsync.yaml: cannot read config: no such file or directory");
    }
}

TEST_F(ConfigErrors, NamesAndListsAreValidated) {
    EXPECT_EQ(error_of("database:\n  dsn: x\ntenants:\n  - name: Platform\naccounts: []\n"),
              "t.yaml:4:11: tenants[0].name: tenant name must match [a-z][a-z0-9_-]* and be at "
              "most 63 characters");
    EXPECT_EQ(error_of("database:\n  dsn: x\ntenants:\n  - name: p\n    readers: [ok, bad-role]\n"
                       "accounts: []\n"),
              "t.yaml:5:19: tenants[0].readers[1]: reader must be a postgresql role name matching "
              "[A-Za-z_][A-Za-z0-9_]* of at most 63 characters");
    EXPECT_EQ(error_of(head + azure + "    collectors: [vms, disks]\n"),
              "t.yaml:14:23: accounts[0].collectors[1]: unknown collector kind 'disks' (expected "
              "vms, storage, networks, containers, metrics or alerts)");
    EXPECT_EQ(error_of(head + azure + "      subscriptions: [a, a]\n"),
              "t.yaml:14:26: accounts[0].azure.subscriptions[1]: duplicate subscription id 'a' "
              "(same as accounts[0].azure.subscriptions[0]; ids are compared case-insensitively)");
    EXPECT_EQ(error_of(head + azure + "api:\n  listen: \"localhost\"\n"),
              "t.yaml:15:11: api.listen: expected host:port, [ipv6]:port or unix:/path");
    EXPECT_EQ(
        error_of(head + azure + "api:\n  listen: \"api.example.com:80\"\n"),
        "t.yaml:15:11: api.listen: host must be an ipv4 address, [ipv6] address or localhost");
    EXPECT_EQ(error_of(head + azure + "api:\n  listen: \"[::g]:80\"\n"),
              "t.yaml:15:11: api.listen: '::g' is not an ipv6 address");
    EXPECT_EQ(error_of(head + azure + "api:\n  listen: \"127.0.0.1:65536\"\n"),
              "t.yaml:15:11: api.listen: port must be a number from 0 to 65535");
    EXPECT_EQ(error_of(head + azure + "api:\n  listen: \"unix:run/x.sock\"\n"),
              "t.yaml:15:11: api.listen: unix socket path must be absolute "
              "(unix:/run/cloudsync/api.sock)");
    EXPECT_EQ(error_of(head + azure + "log:\n  level: verbose\n"),
              "t.yaml:15:10: log.level: unknown log level 'verbose' (expected debug, info, warn or "
              "error)");
}

// The API beyond this host: only over TLS with a token, unless explicitly
// allowed; and a token short enough to guess is refused (never printed).
TEST_F(ConfigErrors, ApiBeyondLoopbackNeedsTlsAndAToken) {
    scoped_env token("CS_TEST_TOKEN", "0123456789abcdef0123456789abcdef");
    const auto with_api = [&](const std::string& api) {
        return error_of(head + azure + "api:\n" + api);
    };
    const std::string refused = "t.yaml:15:11: api.listen: not a loopback address: serving the "
                                "network needs api.tls and api.token (or "
                                "api.allow_insecure_listen: true, e.g. behind a proxy that adds "
                                "both)";
    EXPECT_EQ(with_api("  listen: \"0.0.0.0:8080\"\n"), refused);
    EXPECT_EQ(with_api("  listen: \"10.1.2.3:8080\"\n  token: {env: CS_TEST_TOKEN}\n"),
              "t.yaml:15:11: api.listen: not a loopback address: serving the network needs "
              "api.tls and api.token (or api.allow_insecure_listen: true, e.g. behind a proxy "
              "that adds both)");
    EXPECT_EQ(with_api("  listen: \"[::]:8080\"\n"),
              "t.yaml:15:11: api.listen: not a loopback address: serving the network needs "
              "api.tls and api.token (or api.allow_insecure_listen: true, e.g. behind a proxy "
              "that adds both)");
    EXPECT_EQ(with_api("  listen: \"0.0.0.0:8080\"\n  allow_insecure_listen: true\n"), "no error");
    for (const auto* local : {"127.0.0.1:8080", "127.8.9.1:1", "[::1]:8080", "localhost:8080",
                              "unix:/run/cloudsync/api.sock"})
        EXPECT_EQ(with_api(std::string("  listen: \"") + local + "\"\n"), "no error") << local;

    scoped_env short_token("CS_TEST_SHORT", "only-31-bytes-of-token-0123456");
    const auto message = with_api("  token: {env: CS_TEST_SHORT}\n");
    EXPECT_EQ(message, "t.yaml:15:10: api.token: the token must be at least 32 bytes long (e.g. "
                       "head -c 32 /dev/urandom | base64)");
    EXPECT_EQ(message.find("only-31"), std::string::npos);
}

TEST_F(ConfigErrors, GcpKeyMustBeGoogleCredentials) {
    temp_dir dir;
    auto key =
        dir.write("key.json", "{\"type\": \"service_account\", \"private_key\": \"PK-s3cr3t\"}\n");
    auto bad = dir.write("bad.json", "PK-s3cr3t not json\n");
    auto gcp = [&](const std::string& path) {
        return error_of(head +
                        "accounts:\n  - name: g\n    tenant: platform\n    provider: gcp\n"
                        "    gcp:\n      key: {file: " +
                        path + "}\n");
    };
    EXPECT_EQ(gcp(key), "no error");
    auto message = gcp(bad);
    EXPECT_EQ(message, "t.yaml:11:12: accounts[0].gcp.key: not a google credentials json file "
                       "(expected a json object whose type is service_account or authorized_user)");
}

TEST_F(ConfigErrors, GcpTakesAKeyOrTheMetadataServerNotBoth) {
    temp_dir dir;
    auto key = dir.write("key.json", "{\"type\": \"authorized_user\"}\n");
    const std::string gcp = head + "accounts:\n  - name: g\n    tenant: platform\n    provider: gcp\n"
                                   "    gcp:\n";
    EXPECT_EQ(error_of(gcp + "      projects: [p]\n"),
              "t.yaml:11:7: accounts[0].gcp: needs exactly one authentication method: key or "
              "metadata_server");
    EXPECT_EQ(error_of(gcp + "      key: {file: " + key + "}\n      metadata_server: {}\n"),
              "t.yaml:12:7: accounts[0].gcp.metadata_server: only one authentication method is "
              "allowed; found both key and metadata_server");
    EXPECT_EQ(error_of(gcp + "      metadata_server: {endpoint: \"http://10.0.0.1\"}\n"),
              "t.yaml:11:35: accounts[0].gcp.metadata_server.endpoint: http is only allowed for a "
              "loopback host (127.0.0.0/8, ::1, localhost) or the instance metadata address "
              "169.254.169.254 on port 80; use https");
    EXPECT_EQ(error_of(gcp + "      metadata_server: {token: x}\n"),
              "t.yaml:11:25: accounts[0].gcp.metadata_server.token: unknown key (expected "
              "one of: endpoint)");
    for (const std::string ok : {"      metadata_server: {}\n", "      metadata_server:\n",
                                 "      metadata_server: {endpoint: \"http://169.254.169.254\"}\n",
                                 "      metadata_server: {endpoint: \"http://127.0.0.1:8080\"}\n"})
        EXPECT_EQ(error_of(gcp + ok), "no error") << ok;
    const auto loaded = load_string(
        gcp + "      metadata_server: {endpoint: \"http://127.0.0.1:8080\"}\n", "t.yaml");
    const auto& account = std::get<gcp_account>(loaded.value->accounts.at(0).settings);
    ASSERT_TRUE(account.metadata_server);
    EXPECT_EQ(account.metadata_server->endpoint, "http://127.0.0.1:8080");
    EXPECT_EQ(account.key.reveal(), "");
}

TEST_F(ConfigErrors, TlsNeedsAReadableCertificateAndAKey) {
    temp_dir dir;
    auto cert = dir.write("api.crt", "-----BEGIN CERTIFICATE-----\n");
    EXPECT_EQ(error_of(head + azure +
                       "api:\n  tls: {certificate: /nonexistent/api.crt, private_key: {env: "
                       "CS_TEST_SECRET}}\n"),
              "t.yaml:15:22: api.tls.certificate: cannot read /nonexistent/api.crt: no such file "
              "or directory");
    EXPECT_EQ(error_of(head + azure + "api:\n  tls: {certificate: " + cert + "}\n"),
              "t.yaml:15:8: api.tls.private_key: missing required key");
    EXPECT_EQ(error_of(head + azure + "api:\n  tls: {certificate: " + dir.path().string() +
                       ", private_key: {env: CS_TEST_SECRET}}\n"),
              "t.yaml:15:22: api.tls.certificate: cannot read " + dir.path().string() +
                  ": not a regular file");
    auto loaded = load_string(head + azure + "api:\n  tls: {certificate: " + cert +
                                  ", private_key: {env: CS_TEST_SECRET}}\n",
                              "t.yaml");
    ASSERT_TRUE(loaded.value->api.tls);
    EXPECT_EQ(loaded.value->api.tls->certificate, cert);
    EXPECT_EQ(loaded.value->api.tls->private_key.reveal(), "s3cr3t-value");
}

TEST_F(ConfigErrors, AwsRoleArnAndExternalId) {
    const std::string aws = "accounts:\n"
                            "  - name: a\n"
                            "    tenant: platform\n"
                            "    provider: aws\n"
                            "    aws:\n"
                            "      access_key_id: {env: CS_TEST_SECRET}\n"
                            "      secret_access_key: {env: CS_TEST_SECRET}\n";
    EXPECT_EQ(error_of(head + aws + "      external_id: {env: CS_TEST_SECRET}\n"),
              "t.yaml:13:20: accounts[0].aws.external_id: external_id needs role_arn");
    EXPECT_EQ(error_of(head + aws + "      role_arn: CloudsyncReadOnly\n"),
              "t.yaml:13:17: accounts[0].aws.role_arn: expected a role arn such as "
              "arn:aws:iam::123456789012:role/NAME");
    EXPECT_EQ(error_of(head + aws + "      regions: [eu-west-1, \"us east\"]\n"),
              "t.yaml:13:28: accounts[0].aws.regions[1]: a region may only contain letters, "
              "digits, '-', '_' and '.'");
    EXPECT_EQ(error_of(head + aws + "      endpoints: {ec2: \"http://{region}.ec2.internal\"}\n"),
              "t.yaml:13:24: accounts[0].aws.endpoints.ec2: http is only allowed for a loopback "
              "host (127.0.0.0/8, ::1, localhost); use https");
    EXPECT_EQ(error_of(head + aws + "      endpoints: {ec2: \"https://{zone}.ec2.internal\"}\n"),
              "t.yaml:13:24: accounts[0].aws.endpoints.ec2: unknown placeholder (only {region} "
              "is supported)");
    EXPECT_EQ(error_of(head + aws +
                       "      role_arn: \"arn:aws:iam::123456789012:role/R\"\n"
                       "      external_id: {env: CS_TEST_SECRET}\n"),
              "no error");
}

TEST_F(ConfigErrors, AwsTakesKeysOrTheInstanceProfileNotBoth) {
    const std::string aws = head +
                            "accounts:\n  - name: a\n    tenant: platform\n    provider: aws\n"
                            "    aws:\n";
    const std::string keys = "      access_key_id: {env: CS_TEST_SECRET}\n"
                             "      secret_access_key: {env: CS_TEST_SECRET}\n";
    EXPECT_EQ(error_of(aws + "      regions: [eu-west-1]\n"),
              "t.yaml:11:7: accounts[0].aws: needs exactly one authentication method: "
              "access_key_id and secret_access_key, or instance_profile");
    EXPECT_EQ(error_of(aws + keys + "      instance_profile: {}\n"),
              "t.yaml:13:7: accounts[0].aws.instance_profile: only one authentication method is "
              "allowed; found both access_key_id and instance_profile");
    EXPECT_EQ(error_of(aws + "      instance_profile: {}\n"
                             "      secret_access_key: {env: CS_TEST_SECRET}\n"),
              "t.yaml:12:7: accounts[0].aws.secret_access_key: only one authentication method is "
              "allowed; found both secret_access_key and instance_profile");
    EXPECT_EQ(error_of(aws + "      access_key_id: {env: CS_TEST_SECRET}\n"),
              "t.yaml:11:7: accounts[0].aws.secret_access_key: missing required key");
    EXPECT_EQ(error_of(aws + keys + "      session_token: {env: CS_TEST_SECRET}\n"), "no error");
    EXPECT_EQ(error_of(aws + "      instance_profile: {}\n"
                             "      session_token: {env: CS_TEST_SECRET}\n"),
              "t.yaml:12:7: accounts[0].aws.session_token: only one authentication method is "
              "allowed; found both session_token and instance_profile");
    EXPECT_EQ(error_of(aws + "      instance_profile: {endpoint: \"http://10.0.0.1\"}\n"),
              "t.yaml:11:36: accounts[0].aws.instance_profile.endpoint: http is only allowed for "
              "a loopback host (127.0.0.0/8, ::1, localhost) or the instance metadata address "
              "169.254.169.254 on port 80; use https");
    EXPECT_EQ(
        error_of(aws + "      instance_profile: {endpoint: \"http://169.254.169.254/latest\"}\n"),
        "t.yaml:11:36: accounts[0].aws.instance_profile.endpoint: expected a base url "
        "without a path, such as http://169.254.169.254");
    EXPECT_EQ(error_of(aws + "      instance_profile: {role: x}\n"),
              "t.yaml:11:26: accounts[0].aws.instance_profile.role: unknown key (expected one "
              "of: endpoint)");
    for (const std::string ok :
         {"      instance_profile: {}\n", "      instance_profile:\n",
          "      instance_profile: {endpoint: \"http://169.254.169.254\"}\n",
          "      instance_profile: {endpoint: \"http://127.0.0.1:9000\"}\n",
          "      instance_profile: {}\n      role_arn: \"arn:aws:iam::123456789012:role/R\"\n"
          "      external_id: {env: CS_TEST_SECRET}\n"})
        EXPECT_EQ(error_of(aws + ok), "no error") << ok;
    const auto loaded =
        load_string(aws + "      instance_profile: {endpoint: \"http://127.0.0.1:9000/\"}\n"
                          "      role_arn: \"arn:aws:iam::123456789012:role/R\"\n",
                    "t.yaml");
    const auto& account = std::get<aws_account>(loaded.value->accounts.at(0).settings);
    ASSERT_TRUE(account.instance_profile);
    EXPECT_EQ(account.instance_profile->endpoint, "http://127.0.0.1:9000");
    EXPECT_EQ(account.access_key_id.reveal(), "");
    EXPECT_EQ(account.role_arn, "arn:aws:iam::123456789012:role/R");
    const auto defaulted = load_string(aws + "      instance_profile: {}\n", "t.yaml");
    EXPECT_EQ(
        std::get<aws_account>(defaulted.value->accounts.at(0).settings).instance_profile->endpoint,
        "http://169.254.169.254");
    const auto with_keys = load_string(aws + keys, "t.yaml");
    EXPECT_FALSE(std::get<aws_account>(with_keys.value->accounts.at(0).settings).instance_profile);
}

} // namespace
} // namespace cloudsync::config::testing
