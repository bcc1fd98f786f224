// config/cloudsync.example.yaml must load: the example never drifts from the parser.
#include "helpers.hpp"

#include <regex>
#include <set>
#include <sstream>

namespace cloudsync::config::testing {
namespace {

using cloudsync::collector_kind;

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(ConfigExample, LoadsWithItsSecretsInPlace) {
    temp_dir dir;
    auto example = read_text(CLOUDSYNC_SOURCE_DIR "/config/cloudsync.example.yaml");
    ASSERT_FALSE(example.empty());
    // The example's absolute paths live under /etc/cloudsync/; point them at the temp dir.
    const std::string prefix = "/etc/cloudsync/";
    for (auto at = example.find(prefix); at != std::string::npos; at = example.find(prefix, at))
        example.replace(at, prefix.size(), (dir.path() / "etc").string() + "/");
    dir.write("etc/gcp-prod.json", R"({"type": "service_account", "project_id": "acme-prod-web",
        "private_key": "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n",
        "client_email": "cloudsync@acme-prod-web.iam.gserviceaccount.com"})");
    for (auto name :
         {"api-token", "azure-prod-secret", "aws-payments-secret", "aws-payments-external-id"})
        dir.write(std::string("credentials/") + name,
                  std::string("value-of-") + name + "-0123456789abcdef\n"); // tokens need 32 bytes
    dir.write("credentials/aws-payments-key-id", "AKIAIOSFODNN7EXAMPLE\n");
    scoped_env credentials("CREDENTIALS_DIRECTORY", (dir.path() / "credentials").string());

    auto result = load_string(example, "cloudsync.example.yaml");
    EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
    const auto& c = *result.value;
    EXPECT_EQ(c.api.token->reveal(), "value-of-api-token-0123456789abcdef");
    EXPECT_EQ(c.tenants.size(), 2u);
    ASSERT_EQ(c.accounts.size(), 3u);
    EXPECT_EQ(c.accounts[0].provider, cloudsync::provider::azure);
    EXPECT_EQ(c.accounts[1].provider, cloudsync::provider::gcp);
    EXPECT_EQ(c.accounts[2].provider, cloudsync::provider::aws);
    const auto& aws = std::get<aws_account>(c.accounts[2].settings);
    EXPECT_EQ(aws.access_key_id.reveal(), "AKIAIOSFODNN7EXAMPLE");
    EXPECT_EQ(aws.external_id->reveal(), "value-of-aws-payments-external-id-0123456789abcdef");
    EXPECT_FALSE(c.accounts[2].collects(collector_kind::alerts));
    // The example spells out the defaults; it must agree with them.
    EXPECT_EQ(c.schedule, schedule_config{});
    EXPECT_EQ(c.metrics, metrics_config{});
    EXPECT_EQ(c.collection, collection_config{});
    EXPECT_EQ(c.database.connect_timeout, database_config{}.connect_timeout);
    EXPECT_EQ(c.database.statement_timeout, database_config{}.statement_timeout);
    EXPECT_EQ(c.accounts[0].scope_concurrency, account{}.scope_concurrency);
    EXPECT_EQ(std::get<azure_account>(c.accounts[0].settings).endpoints, azure_endpoints{});
    EXPECT_EQ(std::get<gcp_account>(c.accounts[1].settings).endpoints, gcp_endpoints{});
    EXPECT_EQ(aws.endpoints, aws_endpoints{});
    EXPECT_EQ(c.api, (api_config{c.api.listen, c.api.token, std::nullopt, 256}));
}

// The commented Azure China / US Government endpoints are valid too.
TEST(ConfigExample, CommentedSovereignCloudEndpointsAreValid) {
    auto example = read_text(CLOUDSYNC_SOURCE_DIR "/config/cloudsync.example.yaml");
    scoped_env secret("CS_TEST_SECRET", "x");
    int found = 0;
    for (auto key : {"login", "management", "metrics", "metrics_audience"}) {
        std::string marker = std::string("#   ") + key + ": \"";
        for (auto at = example.find(marker); at != std::string::npos;
             at = example.find(marker, at + 1)) {
            auto begin = at + marker.size();
            auto url = example.substr(begin, example.find('"', begin) - begin);
            auto yaml = head +
                        "accounts:\n  - {name: a, tenant: platform, provider: azure, azure: "
                        "{tenant_id: t, client_id: c, client_secret: {env: CS_TEST_SECRET}, "
                        "endpoints: {" +
                        std::string(key) + ": \"" + url + "\"}}}\n";
            EXPECT_EQ(error_of(yaml), "no error") << url;
            ++found;
        }
    }
    EXPECT_EQ(found, 8);
}

// The commented authentication alternatives load in place of client_secret.
TEST(ConfigExample, CommentedAuthenticationMethodsAreValid) {
    temp_dir dir;
    auto example = read_text(CLOUDSYNC_SOURCE_DIR "/config/cloudsync.example.yaml");
    const std::string secret_line = "      client_secret: { credential: azure-prod-secret }\n";
    const std::string client_line = "      client_id: \"3f2a6b1c-5d4e-4f8a-9b0c-1d2e3f4a5b6c\"\n";
    ASSERT_NE(example.find(secret_line), std::string::npos);
    ASSERT_NE(example.find(client_line), std::string::npos);
    dir.write("credentials/azure-prod-cert.pem",
              "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
              "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    scoped_env credentials("CREDENTIALS_DIRECTORY", (dir.path() / "credentials").string());
    scoped_env secret("CS_TEST_SECRET", "x");
    auto azure_of = [&](const std::string& yaml) {
        auto loaded = load_string(yaml, "t.yaml");
        return std::get<azure_account>(loaded.value->accounts.at(0).settings);
    };
    const std::string account =
        "accounts:\n  - name: a\n    tenant: platform\n    provider: azure\n"
        "    azure:\n      tenant_id: t\n";
    // Each alternative, uncommented from the example, replaces client_secret.
    auto uncomment = [&](const std::string& first_line, int lines) {
        auto at = example.find(first_line);
        EXPECT_NE(at, std::string::npos) << first_line;
        std::string block;
        for (int i = 0; i < lines && at != std::string::npos; ++i) {
            auto end = example.find('\n', at);
            auto line = example.substr(at, end - at);
            block += "      " + line.substr(line.find("#") + 6) + "\n";
            at = example.find("#", end);
        }
        return block;
    };
    const auto certificate = uncomment("#     client_certificate:", 1);
    EXPECT_TRUE(std::holds_alternative<azure_client_certificate>(
        azure_of(head + account + "      client_id: c\n" + certificate).authentication));
    const auto system_assigned = uncomment("#     managed_identity: {}", 1);
    EXPECT_TRUE(std::holds_alternative<azure_managed_identity>(
        azure_of(head + account + system_assigned).authentication));
    const auto user_assigned = uncomment("#     managed_identity:\n", 3);
    const auto identity =
        std::get<azure_managed_identity>(azure_of(head + account + user_assigned).authentication);
    EXPECT_EQ(identity.client_id, "6b0c1d2e-3f4a-4b6c-8d0e-9f1a2b3c4d5e");
    EXPECT_EQ(identity.endpoint, "http://169.254.169.254/metadata/identity/oauth2/token");
}

TEST(ConfigExample, CommentedAwsInstanceProfileIsValid) {
    auto example = read_text(CLOUDSYNC_SOURCE_DIR "/config/cloudsync.example.yaml");
    const std::string account =
        "accounts:\n  - name: a\n    tenant: platform\n    provider: aws\n    aws:\n";
    for (const std::string first :
         {"#     instance_profile: {}", "#     instance_profile: { endpoint"}) {
        const auto at = example.find(first);
        ASSERT_NE(at, std::string::npos) << first;
        const auto line = example.substr(at + 6, example.find('\n', at) - at - 6);
        const auto loaded = load_string(head + account + "      " + line + "\n", "t.yaml");
        const auto& aws = std::get<aws_account>(loaded.value->accounts.at(0).settings);
        ASSERT_TRUE(aws.instance_profile) << line;
        EXPECT_EQ(aws.instance_profile->endpoint, "http://169.254.169.254") << line;
    }
}

// The packaged unit loads exactly the credentials the example refers to, so
// the installed example works under the installed unit once the secrets are
// in /etc/credstore.
TEST(ConfigExample, TheUnitLoadsTheCredentialsTheExampleNames) {
    const auto collect = [](const std::string& text, const std::regex& pattern) {
        std::set<std::string> names;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            std::smatch match;
            if (line.find_first_not_of(' ') != std::string::npos &&
                line[line.find_first_not_of(' ')] != '#' &&
                std::regex_search(line, match, pattern))
                names.insert(match[1]);
        }
        return names;
    };
    const auto example = collect(read_text(CLOUDSYNC_SOURCE_DIR "/config/cloudsync.example.yaml"),
                                 std::regex(R"(\{ *credential: *([A-Za-z0-9._-]+) *\})"));
    const auto unit = collect(read_text(CLOUDSYNC_SOURCE_DIR "/systemd/cloudsyncd.service"),
                              std::regex(R"(^LoadCredential=([A-Za-z0-9._-]+)$)"));
    EXPECT_FALSE(example.empty());
    EXPECT_EQ(unit, example);
}

} // namespace
} // namespace cloudsync::config::testing
