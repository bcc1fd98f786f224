// Construction of the GCP credentials: the URLs they will call, and the options
// and endpoints they refuse before any request is made, with messages that
// carry no secret.
#include "auth/error.hpp"
#include "auth/gcp/authorized_user_credential.hpp"
#include "auth/gcp/metadata_server_credential.hpp"
#include "auth/gcp/service_account_credential.hpp"
#include "test_certificate.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace cloudsync::auth::gcp {
namespace {

class GcpCredentialOptions : public ::testing::Test {
protected:
    static const std::string& pem() {
        static const std::string p = test::key_pem(test::make_key("rsa", 2048).get());
        return p;
    }
    static service_account_options service_account() {
        service_account_options o;
        o.key.client_email = "sync@project.iam.gserviceaccount.com";
        o.key.private_key_id = "kid-1";
        o.key.private_key = secret(pem());
        return o;
    }
    static authorized_user_options authorized_user() {
        authorized_user_options o;
        o.key.client_id = "id.apps.googleusercontent.com";
        o.key.client_secret = secret("user-client-s3cret");
        o.key.refresh_token = secret("1//refresh-t0ken");
        return o;
    }
    template <class Credential, class Options> std::string error_of(Options o) {
        try {
            Credential credential(http_client, std::move(o));
        } catch (const auth_error& e) {
            return e.what();
        }
        return "no error";
    }

    boost::asio::io_context io;
    std::shared_ptr<http::client> http_client =
        std::make_shared<http::client>(io.get_executor(), http::client_options{});
};

TEST_F(GcpCredentialOptions, ServiceAccountPostsToTheKeysTokenUriUnlessConfigOverridesIt) {
    auto o = service_account();
    EXPECT_EQ(service_account_credential(http_client, o).token_url(),
              "https://oauth2.googleapis.com/token");
    o.key.token_uri = "https://oauth2.example.test/token";
    EXPECT_EQ(service_account_credential(http_client, o).token_url(),
              "https://oauth2.example.test/token");
    o.token_endpoint = "http://127.0.0.1:8081/token";
    EXPECT_EQ(service_account_credential(http_client, o).token_url(),
              "http://127.0.0.1:8081/token");
}

TEST_F(GcpCredentialOptions, PlainHttpTokenEndpointsOnlyForLoopback) {
    auto o = service_account();
    o.key.token_uri = "http://oauth2.googleapis.com/token";
    EXPECT_EQ(error_of<service_account_credential>(o),
              "gcp service account token endpoint: \"http://oauth2.googleapis.com/token\": plain "
              "http is only allowed for a loopback host; use https");
    o.key.token_uri = "ftp://x/token";
    EXPECT_NE(error_of<service_account_credential>(o).find("neither https nor http"),
              std::string::npos);
    o.key.token_uri = "https://user:pw@oauth2.googleapis.com/token";
    EXPECT_NE(error_of<service_account_credential>(o).find("no user info"), std::string::npos);
    for (const char* ok :
         {"http://localhost:1/token", "http://[::1]:1/token", "http://127.0.0.2/t"}) {
        o.key.token_uri = ok;
        EXPECT_EQ(error_of<service_account_credential>(o), "no error") << ok;
    }
    auto u = authorized_user();
    u.token_endpoint = "http://10.0.0.1/token";
    EXPECT_NE(error_of<authorized_user_credential>(u).find("plain http is only allowed"),
              std::string::npos);
}

TEST_F(GcpCredentialOptions, ServiceAccountKeyProblemsAreClearAndSecretFree) {
    auto o = service_account();
    o.key.private_key = secret("redacted"); // AIP-4112's placeholder
    const auto placeholder = error_of<service_account_credential>(o);
    EXPECT_NE(placeholder.find("no PRIVATE KEY block"), std::string::npos) << placeholder;
    EXPECT_NE(placeholder.find("sync@project.iam.gserviceaccount.com"), std::string::npos);
    o.key.private_key = secret(test::key_pem(test::make_key("rsa", 1024).get()));
    EXPECT_NE(error_of<service_account_credential>(o).find("1024 bits"), std::string::npos);
    o.key.private_key = secret(test::key_pem(test::make_key("ec").get()));
    const auto ec = error_of<service_account_credential>(o);
    EXPECT_NE(ec.find("not RSA"), std::string::npos) << ec;
    EXPECT_EQ(ec.find("BEGIN"), std::string::npos) << ec;
    o = service_account();
    o.key.client_email.clear();
    EXPECT_EQ(error_of<service_account_credential>(o),
              "gcp service account: client_email is empty");
}

TEST_F(GcpCredentialOptions, AuthorizedUserNeedsEveryPart) {
    EXPECT_EQ(authorized_user_credential(http_client, authorized_user()).token_url(),
              "https://oauth2.googleapis.com/token");
    auto o = authorized_user();
    o.key.refresh_token = secret();
    EXPECT_EQ(error_of<authorized_user_credential>(o),
              "gcp authorized user: refresh_token is empty");
    o = authorized_user();
    o.key.client_secret = secret();
    EXPECT_EQ(error_of<authorized_user_credential>(o),
              "gcp authorized user: client_secret is empty");
}

TEST_F(GcpCredentialOptions, MetadataServerNameGoesToItsDocumentedAddress) {
    EXPECT_EQ(metadata_server_credential(http_client, {}).token_url(),
              "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token");
    metadata_server_options o;
    o.endpoint = "http://127.0.0.1:9999/";
    EXPECT_EQ(metadata_server_credential(http_client, o).token_url(),
              "http://127.0.0.1:9999/computeMetadata/v1/instance/service-accounts/default/token");
    for (const char* bad : {"http://metadata.example.com", "http://169.254.169.254:8080",
                            "http://metadata.google.internal/computeMetadata/v1", "not a url"}) {
        o.endpoint = bad;
        EXPECT_NE(error_of<metadata_server_credential>(o), "no error") << bad;
    }
}

} // namespace
} // namespace cloudsync::auth::gcp
