// Google credentials files: the official examples (AIP-4112, AIP-4113,
// google-auth-library-python's test files) parse, and every malformed file is
// refused with a message that names the member but never repeats a value.
#include "auth/error.hpp"
#include "auth/gcp/key_file.hpp"
#include "support/official_examples.hpp"

#include <gtest/gtest.h>

namespace cloudsync::auth::gcp {
namespace {

std::string error_of(const std::string& text) {
    try {
        parse_credentials_file(secret(text), "gcp account prod key");
    } catch (const auth_error& e) {
        return e.what();
    }
    return "no error";
}

TEST(GcpKeyFile, Aip4112ServiceAccountExampleParses) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto file = parse_credentials_file(
        secret(test::example_text("gcp/auth/aip-4112.service_account.key-file.example.json")));
    const auto* key = std::get_if<service_account_key>(&file);
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(key->client_email, "testserviceaccount@test.iam.gserviceaccount.com");
    EXPECT_EQ(key->private_key_id, "redacted");
    EXPECT_EQ(key->private_key.reveal(), "redacted"); // the AIP's placeholder, not a PEM
    EXPECT_EQ(key->token_uri, "https://oauth2.googleapis.com/token");
    EXPECT_EQ(key->project_id, "testproject");
}

TEST(GcpKeyFile, AuthorizedUserExamplesParse) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    struct expected {
        const char* file;
        const char* client_id;
        const char* quota_project;
    };
    for (const auto& e :
         {expected{"aip-4113.authorized_user.adc-file.example.json",
                   "fake_id.apps.googleusercontent.com", "fake_project"},
          expected{"google-auth-library-python.authorized_user.test.json", "123", ""},
          expected{"google-auth-library-python.authorized_user_with_quota_project_id.test.json",
                   "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com",
                   "quota_project_id"}}) {
        SCOPED_TRACE(e.file);
        const auto file =
            parse_credentials_file(secret(test::example_text(std::string("gcp/auth/") + e.file)));
        const auto* key = std::get_if<authorized_user_key>(&file);
        ASSERT_NE(key, nullptr);
        EXPECT_EQ(key->client_id, e.client_id);
        EXPECT_FALSE(key->client_secret.empty());
        EXPECT_FALSE(key->refresh_token.empty());
        EXPECT_EQ(key->quota_project_id, e.quota_project);
    }
}

TEST(GcpKeyFile, ServiceAccountWithoutTokenUriUsesGooglesEndpoint) {
    const auto file = parse_credentials_file(secret(
        R"({"type":"service_account","client_email":"a@p.iam.gserviceaccount.com","private_key":"PEM"})"));
    const auto& key = std::get<service_account_key>(file);
    EXPECT_EQ(key.token_uri, default_token_uri);
    EXPECT_EQ(key.private_key_id, "");
}

TEST(GcpKeyFile, BadFilesAreNamedWithoutTheirValues) {
    EXPECT_EQ(error_of("not json {secret-ish}"),
              "gcp account prod key: not a JSON object (a google credentials file is the JSON "
              "object Google's tools write)");
    EXPECT_EQ(error_of("[1,2]").find("not a JSON object") != std::string::npos, true);
    EXPECT_EQ(error_of(R"({"client_email":"a@b"})"),
              "gcp account prod key: type is missing (expected service_account or "
              "authorized_user)");
    EXPECT_EQ(error_of(R"({"type":"external_account"})"),
              "gcp account prod key: type \"external_account\" is not supported (expected "
              "service_account or authorized_user)");
    // A type that is not a plain word is not repeated: it might be a pasted secret.
    const auto odd = error_of(R"({"type":"AIzaSyD-not-a-type"})");
    EXPECT_EQ(odd.find("AIzaSyD"), std::string::npos) << odd;
    EXPECT_EQ(error_of(R"({"type":"service_account","private_key":"-----BEGIN x"})"),
              "gcp account prod key: client_email is missing or empty");
    EXPECT_EQ(error_of(R"({"type":"service_account","client_email":"a@b","private_key":""})"),
              "gcp account prod key: private_key is missing or empty");
    const auto number =
        error_of(R"({"type":"service_account","client_email":"a@b","private_key":42})");
    EXPECT_EQ(number, "gcp account prod key: private_key is not a string");
    EXPECT_EQ(
        error_of(R"({"type":"authorized_user","client_id":"c","client_secret":"top-s3cret"})"),
        "gcp account prod key: refresh_token is missing or empty");
    const auto secret_missing =
        error_of(R"({"type":"authorized_user","client_id":"c","refresh_token":"1//rt-value"})");
    EXPECT_EQ(secret_missing, "gcp account prod key: client_secret is missing or empty");
    EXPECT_EQ(secret_missing.find("1//rt-value"), std::string::npos);
}

} // namespace
} // namespace cloudsync::auth::gcp
