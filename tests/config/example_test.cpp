// config/cloudsync.example.yaml must load: the example never drifts from the parser.
#include "helpers.hpp"

#include <sstream>

namespace cloudsync::config::testing {
namespace {

using inventory::collector_kind;

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
        dir.write(std::string("credentials/") + name, std::string("value-of-") + name + "\n");
    scoped_env credentials("CREDENTIALS_DIRECTORY", (dir.path() / "credentials").string());
    scoped_env key("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");

    auto result = load_string(example, "cloudsync.example.yaml");
    EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
    const auto& c = *result.value;
    EXPECT_EQ(c.api.token->reveal(), "value-of-api-token");
    EXPECT_EQ(c.tenants.size(), 2u);
    ASSERT_EQ(c.accounts.size(), 3u);
    EXPECT_EQ(c.accounts[0].provider, inventory::provider::azure);
    EXPECT_EQ(c.accounts[1].provider, inventory::provider::gcp);
    EXPECT_EQ(c.accounts[2].provider, inventory::provider::aws);
    const auto& aws = std::get<aws_account>(c.accounts[2].settings);
    EXPECT_EQ(aws.access_key_id.reveal(), "AKIAIOSFODNN7EXAMPLE");
    EXPECT_EQ(aws.external_id->reveal(), "value-of-aws-payments-external-id");
    EXPECT_FALSE(c.accounts[2].collects(collector_kind::alerts));
    // The example spells out the defaults; it must agree with them.
    EXPECT_EQ(c.schedule, schedule_config{});
    EXPECT_EQ(c.metrics, metrics_config{});
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
    for (auto key : {"login", "management", "metrics"}) {
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
    EXPECT_EQ(found, 6);
}

} // namespace
} // namespace cloudsync::config::testing
