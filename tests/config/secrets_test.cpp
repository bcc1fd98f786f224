// Secret references: file, env, credential, inline (with a warning), and the
// promise that no message ever carries a secret value.
#include "helpers.hpp"

namespace cloudsync::config::testing {
namespace {

const std::string secret_value = "S3CR3T-do-not-print-0123456789abcdef"; // a valid token

// The config with `reference` as the api token (line 7) and an empty account list.
std::string with_token(const std::string& reference) {
    return head + "accounts: []\napi:\n  token: " + reference + "\n";
}

TEST(ConfigSecrets, FileReferenceIsReadAndTrimmed) {
    temp_dir dir;
    dir.write("secrets/token", secret_value + "\n\n");
    auto path = dir.write("cloudsync.yaml", with_token("{file: secrets/token}"));
    auto result = load_file(path); // relative to the config file's directory
    ASSERT_TRUE(result.value->api.token);
    EXPECT_EQ(result.value->api.token->reveal(), secret_value);
    EXPECT_TRUE(result.warnings.empty());
}

TEST(ConfigSecrets, AFileOthersMayReadLoadsWithAWarningNamingIt) {
    temp_dir dir;
    const auto token = dir.write("secrets/token", secret_value);
    std::filesystem::permissions(token, std::filesystem::perms::owner_read |
                                            std::filesystem::perms::owner_write |
                                            std::filesystem::perms::group_read |
                                            std::filesystem::perms::others_read);
    auto result = load_file(dir.write("cloudsync.yaml", with_token("{file: secrets/token}")));
    EXPECT_EQ(result.value->api.token->reveal(), secret_value);
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_NE(result.warnings[0].find(std::filesystem::path(token).lexically_normal().string() +
                                      " is accessible to its group or to other users (mode 0644)"),
              std::string::npos)
        << result.warnings[0];
    EXPECT_EQ(result.warnings[0].find(secret_value), std::string::npos);
}

TEST(ConfigSecrets, EnvReference) {
    scoped_env env("CS_TEST_TOKEN", secret_value + "\r\n");
    auto result = load_string(with_token("{env: CS_TEST_TOKEN}"), "t.yaml");
    EXPECT_EQ(result.value->api.token->reveal(), secret_value);
}

TEST(ConfigSecrets, CredentialReferenceReadsCredentialsDirectory) {
    temp_dir dir;
    dir.write("api-token", secret_value);
    scoped_env credentials("CREDENTIALS_DIRECTORY", dir.path().string());
    auto result = load_string(with_token("{credential: api-token}"), "t.yaml");
    EXPECT_EQ(result.value->api.token->reveal(), secret_value);
    EXPECT_EQ(error_of(with_token("{credential: ../api-token}")),
              "t.yaml:8:23: api.token.credential: credential name must not contain '/'");
}

TEST(ConfigSecrets, InlineSecretWorksWithAWarningThatHidesIt) {
    auto result = load_string(with_token("\"" + secret_value + "\""), "t.yaml");
    EXPECT_EQ(result.value->api.token->reveal(), secret_value);
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_EQ(result.warnings[0], "t.yaml:8:10: api.token: inline secret; use {file: PATH}, "
                                  "{env: NAME} or {credential: NAME} instead");
}

TEST(ConfigSecrets, DsnMayBeAReferenceAndWarnsWhenItHoldsAPassword) {
    scoped_env env("CS_TEST_DSN", "host=db password=" + secret_value);
    auto yaml = head;
    yaml.replace(yaml.find("\"dbname=cloudsync\""), 18, "{env: CS_TEST_DSN}");
    auto result = load_string(yaml + "accounts: []\n", "t.yaml");
    EXPECT_EQ(result.value->database.dsn.reveal(), "host=db password=" + secret_value);
    EXPECT_TRUE(result.warnings.empty());
    for (auto dsn :
         {"host=db password=" + secret_value, "postgresql://u:" + secret_value + "@db/x"}) {
        auto plain = head;
        plain.replace(plain.find("\"dbname=cloudsync\""), 18, "'" + dsn + "'");
        auto loaded = load_string(plain + "accounts: []\n", "t.yaml");
        ASSERT_EQ(loaded.warnings.size(), 1u);
        EXPECT_EQ(loaded.warnings[0].find(secret_value), std::string::npos);
        EXPECT_EQ(
            loaded.warnings[0].rfind("t.yaml:2:8: database.dsn: dsn holds a password inline", 0),
            0u)
            << loaded.warnings[0];
    }
    EXPECT_TRUE(load_string(head + "accounts: []\n", "t.yaml").warnings.empty());
}

TEST(ConfigSecrets, EmptySecretIsAnError) {
    scoped_env env("CS_TEST_EMPTY", "\n");
    EXPECT_EQ(error_of(with_token("{env: CS_TEST_EMPTY}")),
              "t.yaml:8:10: api.token: secret is empty");
}

// Every way a secret can end up next to an error: none of them may print it.
TEST(ConfigSecrets, NoErrorMessageContainsTheSecretValue) {
    temp_dir dir;
    auto not_json = dir.write("key.json", secret_value);
    scoped_env env("CS_TEST_TOKEN", secret_value);
    const std::vector<std::string> configs = {
        with_token("[" + secret_value + "]"),    // wrong type
        with_token("{" + secret_value + "}"),    // a mapping whose key is the secret
        with_token("{" + secret_value + ": x}"), // unknown key in a reference
        with_token("{env: CS_TEST_TOKEN, " + secret_value + ": 1}"),
        with_token("{file: " + not_json + ", env: CS_TEST_TOKEN}"),
        with_token("\"" + secret_value + "\"\napi: {}"), // duplicate key after an inline secret
        with_token("\"" + secret_value + "\"\n  tokn: 1"),
        with_token("{file: " + secret_value), // malformed yaml around a secret
        head + "accounts:\n  - {name: g, tenant: platform, provider: gcp, gcp: {key: {file: " +
            not_json + "}}}\n",
        head + "accounts:\n  - {name: g, tenant: platform, provider: gcp, gcp: {key: '" +
            secret_value + "'}}\n",
        head +
            "accounts:\n  - {name: a, tenant: platform, provider: aws, aws: {access_key_id: {env: "
            "CS_TEST_TOKEN}, secret_access_key: " +
            secret_value + ", external_id: x}}\n",
    };
    for (const auto& yaml : configs) {
        auto message = error_of(yaml);
        EXPECT_NE(message, "no error") << yaml;
        EXPECT_EQ(message.find(secret_value), std::string::npos) << message;
        EXPECT_EQ(message.find("S3CR3T"), std::string::npos) << message;
    }
}

} // namespace
} // namespace cloudsync::config::testing
