// Construction of the certificate and managed identity credentials: the URLs
// they will call and the options they refuse before any request is made.
#include "auth/azure/client_certificate_credential.hpp"
#include "auth/azure/managed_identity_credential.hpp"
#include "auth/base64url.hpp"
#include "auth/error.hpp"
#include "test_certificate.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace cloudsync::auth::azure {
namespace {

const std::string tenant = "11111111-2222-3333-4444-555555555555";

class CredentialOptions : public ::testing::Test {
protected:
    static const test::pem_pair& pair() {
        static const test::pem_pair p = test::make_pem_pair("rsa", 2048);
        return p;
    }
    client_certificate_options certificate_options() const {
        client_certificate_options o;
        o.tenant_id = tenant;
        o.client_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        o.certificate = secret(pair().both());
        return o;
    }
    std::string certificate_error(client_certificate_options o) {
        try {
            client_certificate_credential credential(http_client, std::move(o));
        } catch (const auth_error& e) {
            return e.what();
        }
        return "no error";
    }

    boost::asio::io_context io;
    std::shared_ptr<http::client> http_client =
        std::make_shared<http::client>(io.get_executor(), http::client_options{});
};

TEST_F(CredentialOptions, CertificateCredentialPostsToTheTenantsTokenEndpoint) {
    auto o = certificate_options();
    o.login_endpoint = "https://login.chinacloudapi.cn/";
    const client_certificate_credential credential(http_client, o);
    EXPECT_EQ(credential.token_url(),
              "https://login.chinacloudapi.cn/" + tenant + "/oauth2/v2.0/token");
    EXPECT_EQ(credential.thumbprint(),
              base64url_encode(test::certificate_sha256(pair().certificate)));
}

TEST_F(CredentialOptions, CertificateCredentialRefusesOptionsThatCannotWork) {
    auto o = certificate_options();
    o.tenant_id = "../evil";
    EXPECT_EQ(certificate_error(o), "azure credential: tenant_id must be a GUID or a domain name");
    o = certificate_options();
    o.client_id.clear();
    EXPECT_EQ(certificate_error(o), "azure credential: client_id is empty");
    o = certificate_options();
    o.certificate = secret();
    EXPECT_EQ(certificate_error(o), "azure credential: client certificate is empty");
    o = certificate_options();
    o.certificate = secret(test::make_pem_pair("ec").both());
    EXPECT_EQ(certificate_error(o), "azure client certificate: the private key is EC, not RSA "
                                    "(Microsoft Entra ID client assertions are signed RS256)");
    EXPECT_EQ(certificate_error(certificate_options()), "no error");
}

TEST_F(CredentialOptions, ManagedIdentityAsksImdsForTheResourceOfTheScope) {
    managed_identity_options o;
    const managed_identity_credential system_assigned(http_client, o);
    EXPECT_EQ(system_assigned.token_url(),
              "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
              "&resource=https%3A%2F%2Fmanagement.azure.com");
    o.endpoint = "http://127.0.0.1:9000/metadata/identity/oauth2/token/";
    o.scope = "https://metrics.monitor.azure.com/.default";
    o.client_id = "712eac09-e943-418c-9be6-9fd5c91078bl";
    const managed_identity_credential user_assigned(http_client, o);
    EXPECT_EQ(user_assigned.token_url(),
              "http://127.0.0.1:9000/metadata/identity/oauth2/token?api-version=2018-02-01"
              "&resource=https%3A%2F%2Fmetrics.monitor.azure.com"
              "&client_id=712eac09-e943-418c-9be6-9fd5c91078bl");
}

TEST_F(CredentialOptions, ManagedIdentityRefusesOptionsThatCannotWork) {
    managed_identity_options o;
    o.endpoint = "http://169.254.169.254/token?x=1";
    EXPECT_THROW(managed_identity_credential(http_client, o), auth_error);
    o.endpoint = "";
    EXPECT_THROW(managed_identity_credential(http_client, o), auth_error);
    o = managed_identity_options{};
    o.scope = "";
    EXPECT_THROW(managed_identity_credential(http_client, o), auth_error);
    EXPECT_THROW(managed_identity_credential(nullptr, managed_identity_options{}), auth_error);
}

} // namespace
} // namespace cloudsync::auth::azure
