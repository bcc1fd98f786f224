// accounts[].azure authentication: exactly one of client_secret,
// client_certificate and managed_identity, each with its own checks, and the
// metrics token audience (derived or explicit). Every error names
// FILE:LINE:COL and the key path.
#include "helpers.hpp"

namespace cloudsync::config::testing {
namespace {

// Lines 6-11: an azure account up to its block; the block's keys follow at 6 spaces.
const std::string account = "accounts:\n"
                            "  - name: az\n"
                            "    tenant: platform\n"
                            "    provider: azure\n"
                            "    azure:\n"
                            "      tenant_id: t\n";

const std::string cert_pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const std::string key_pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

class AzureAuth : public ::testing::Test {
protected:
    std::string pem_file(const std::string& content) const {
        return dir_.write("app.pem", content);
    }
    const azure_account& loaded(const std::string& yaml) {
        result_ = load_string(yaml, "t.yaml").value;
        return std::get<azure_account>(result_->accounts.at(0).settings);
    }

    scoped_env secret_{"CS_TEST_SECRET", "s3cr3t-value"};
    temp_dir dir_;
    std::shared_ptr<const config> result_;
};

TEST_F(AzureAuth, ClientSecretIsTheFirstAlternative) {
    const auto& azure =
        loaded(head + account + "      client_id: c\n      client_secret: {env: CS_TEST_SECRET}\n");
    EXPECT_EQ(azure.tenant_id, "t");
    EXPECT_EQ(azure.client_id, "c");
    EXPECT_EQ(std::get<azure_client_secret>(azure.authentication).value.reveal(), "s3cr3t-value");
}

TEST_F(AzureAuth, ClientCertificateReadsTheWholePemFile) {
    const auto path = pem_file(cert_pem + key_pem);
    const auto& azure = loaded(
        head + account + "      client_id: c\n      client_certificate: {file: " + path + "}\n");
    const auto& certificate = std::get<azure_client_certificate>(azure.authentication);
    EXPECT_EQ(certificate.pem.reveal(), cert_pem + key_pem.substr(0, key_pem.size() - 1));
    const auto rsa =
        pem_file(key_pem.substr(0, 0) +
                 "-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n" + cert_pem);
    EXPECT_EQ(error_of(head + account +
                       "      client_id: c\n      client_certificate: {file: " + rsa + "}\n"),
              "no error");
}

TEST_F(AzureAuth, ClientCertificateMustHoldACertificateAndAnRsaKey) {
    auto with = [&](const std::string& content) {
        return error_of(head + account + "      client_id: c\n      client_certificate: {file: " +
                        pem_file(content) + "}\n");
    };
    EXPECT_EQ(with(key_pem),
              "t.yaml:13:27: accounts[0].azure.client_certificate: no certificate in the pem file "
              "(expected the certificate and its rsa private key in one file)");
    EXPECT_EQ(with(cert_pem),
              "t.yaml:13:27: accounts[0].azure.client_certificate: no private key in the pem file "
              "(expected the certificate and its rsa private key in one file)");
    EXPECT_EQ(with(cert_pem + "-----BEGIN EC PRIVATE KEY-----\nx\n-----END EC PRIVATE KEY-----\n"),
              "t.yaml:13:27: accounts[0].azure.client_certificate: the private key is not rsa "
              "(client assertions are signed rs256)");
    EXPECT_EQ(with(cert_pem + "-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n"
                              "-----END ENCRYPTED PRIVATE KEY-----\n"),
              "t.yaml:13:27: accounts[0].azure.client_certificate: the private key is encrypted; "
              "export it without a passphrase (protect the file instead)");
    EXPECT_EQ(
        error_of(head + account +
                 "      client_id: c\n      client_certificate: {file: /nonexistent/a.pem}\n"),
        "t.yaml:13:34: accounts[0].azure.client_certificate.file: cannot read "
        "/nonexistent/a.pem: no such file or directory");
}

TEST_F(AzureAuth, SecretAndCertificateNeedTenantAndClientIds) {
    EXPECT_EQ(error_of(head + account + "      client_secret: {env: CS_TEST_SECRET}\n"),
              "t.yaml:11:7: accounts[0].azure.client_id: missing required key");
    const auto path = pem_file(cert_pem + key_pem);
    auto yaml =
        head + account + "      client_id: c\n      client_certificate: {file: " + path + "}\n";
    yaml.erase(yaml.find("      tenant_id: t\n"), 19);
    EXPECT_EQ(error_of(yaml), "t.yaml:11:7: accounts[0].azure.tenant_id: missing required key");
}

TEST_F(AzureAuth, ManagedIdentityIsSystemAssignedByDefault) {
    for (auto block : {"      managed_identity: {}\n", "      managed_identity:\n"}) {
        const auto& azure = loaded(head + account + block);
        const auto& identity = std::get<azure_managed_identity>(azure.authentication);
        EXPECT_EQ(identity.client_id, "");
        EXPECT_EQ(identity.endpoint, "http://169.254.169.254/metadata/identity/oauth2/token");
        EXPECT_EQ(azure.client_id, "");
        EXPECT_EQ(azure.tenant_id, "t");
    }
    auto no_tenant = head + account + "      managed_identity: {}\n";
    no_tenant.erase(no_tenant.find("      tenant_id: t\n"), 19);
    EXPECT_EQ(loaded(no_tenant).tenant_id, "");
}

TEST_F(AzureAuth, ManagedIdentityTakesAUserAssignedClientIdAndAnEndpoint) {
    const auto& azure =
        loaded(head + account +
               "      managed_identity:\n"
               "        client_id: \"712eac09-e943-418c-9be6-9fd5c91078bl\"\n"
               "        endpoint: \"http://169.254.169.254:80/metadata/identity/oauth2/token/\"\n");
    const auto& identity = std::get<azure_managed_identity>(azure.authentication);
    EXPECT_EQ(identity.client_id, "712eac09-e943-418c-9be6-9fd5c91078bl");
    EXPECT_EQ(identity.endpoint, "http://169.254.169.254:80/metadata/identity/oauth2/token");
    EXPECT_EQ(std::get<azure_managed_identity>(
                  loaded(head + account +
                         "      managed_identity: {endpoint: \"http://127.0.0.1:9000/id\"}\n")
                      .authentication)
                  .endpoint,
              "http://127.0.0.1:9000/id");
}

TEST_F(AzureAuth, ManagedIdentityEndpointAllowsPlainHttpOnlyForLoopbackAndImds) {
    auto endpoint = [&](const std::string& url) {
        return error_of(head + account + "      managed_identity: {endpoint: \"" + url + "\"}\n");
    };
    const std::string problem =
        "http is only allowed for a loopback host (127.0.0.0/8, ::1, localhost) or the instance "
        "metadata address 169.254.169.254 on port 80; use https";
    EXPECT_EQ(endpoint("http://169.254.169.253/metadata/identity/oauth2/token"),
              "t.yaml:12:36: accounts[0].azure.managed_identity.endpoint: " + problem);
    EXPECT_EQ(endpoint("http://169.254.169.254:8080/metadata/identity/oauth2/token"),
              "t.yaml:12:36: accounts[0].azure.managed_identity.endpoint: " + problem);
    EXPECT_EQ(endpoint("http://metadata.azure.internal/token"),
              "t.yaml:12:36: accounts[0].azure.managed_identity.endpoint: " + problem);
    EXPECT_EQ(endpoint("http://169.254.169.254/token?resource=x"),
              "t.yaml:12:36: accounts[0].azure.managed_identity.endpoint: url must not have a "
              "query or fragment");
    EXPECT_EQ(endpoint("https://identity.example/token"), "no error");
    // Only the identity endpoint takes the metadata address.
    EXPECT_EQ(error_of(head + account +
                       "      managed_identity: {}\n"
                       "      endpoints: {management: \"http://169.254.169.254\"}\n"),
              "t.yaml:13:31: accounts[0].azure.endpoints.management: http is only allowed for a "
              "loopback host (127.0.0.0/8, ::1, localhost); use https");
}

TEST_F(AzureAuth, ManagedIdentityRejectsTheAppClientIdAndUnknownKeys) {
    EXPECT_EQ(error_of(head + account + "      client_id: c\n      managed_identity: {}\n"),
              "t.yaml:12:7: accounts[0].azure.client_id: client_id names an app registration and "
              "does not apply to managed_identity; a user-assigned identity's id goes in "
              "managed_identity.client_id");
    EXPECT_EQ(error_of(head + account + "      managed_identity: {object_id: x}\n"),
              "t.yaml:12:26: accounts[0].azure.managed_identity.object_id: unknown key (expected "
              "one of: client_id, endpoint)");
    EXPECT_EQ(error_of(head + account + "      managed_identity: {client_id: \"a b\"}\n"),
              "t.yaml:12:37: accounts[0].azure.managed_identity.client_id: client_id may only "
              "contain letters, digits, '-', '_' and '.'");
    EXPECT_EQ(error_of(head + account + "      managed_identity: true\n"),
              "t.yaml:12:25: accounts[0].azure.managed_identity: expected a mapping, got a scalar");
}

TEST_F(AzureAuth, NoMethodOrSeveralMethodsAreErrors) {
    EXPECT_EQ(error_of(head + account + "      client_id: c\n"),
              "t.yaml:11:7: accounts[0].azure: needs exactly one authentication method: "
              "client_secret, client_certificate or managed_identity");
    EXPECT_EQ(error_of(head + account +
                       "      client_id: c\n"
                       "      managed_identity: {}\n"
                       "      client_secret: {env: CS_TEST_SECRET}\n"),
              "t.yaml:14:7: accounts[0].azure.client_secret: only one authentication method is "
              "allowed; found both managed_identity and client_secret");
    EXPECT_EQ(error_of(head + account +
                       "      client_id: c\n"
                       "      client_secret: {env: CS_TEST_SECRET}\n"
                       "      client_certificate: {env: CS_TEST_SECRET}\n"),
              "t.yaml:14:7: accounts[0].azure.client_certificate: only one authentication method "
              "is allowed; found both client_secret and client_certificate");
}

TEST_F(AzureAuth, MetricsAudienceIsDerivedFromTheTemplateOrGiven) {
    auto endpoints = [&](const std::string& block) -> const azure_account& {
        return loaded(head + account + "      managed_identity: {}\n      endpoints: " + block +
                      "\n");
    };
    EXPECT_EQ(endpoints("{metrics: \"https://{region}.metrics.monitor.azure.cn\"}")
                  .endpoints.metrics_audience,
              "https://metrics.monitor.azure.cn");
    EXPECT_EQ(endpoints("{metrics: \"https://{region}.metrics.monitor.azure.us/\"}")
                  .endpoints.metrics_audience,
              "https://metrics.monitor.azure.us");
    EXPECT_EQ(endpoints("{metrics: \"http://127.0.0.1:9000/metrics\"}").endpoints.metrics_audience,
              "http://127.0.0.1:9000");
    EXPECT_EQ(endpoints("{metrics: \"http://127.0.0.1:9000/{region}\", metrics_audience: "
                        "\"https://metrics.example\"}")
                  .endpoints.metrics_audience,
              "https://metrics.example");
    EXPECT_EQ(error_of(head + account + "      managed_identity: {}\n" +
                       "      endpoints: {metrics: \"https://metrics-{region}.example\"}\n"),
              "t.yaml:13:28: accounts[0].azure.endpoints.metrics: cannot derive the metrics token "
              "audience from this template (only a leading {region}. host label is removed); set "
              "endpoints.metrics_audience");
    EXPECT_EQ(error_of(head + account + "      managed_identity: {}\n" +
                       "      endpoints: {metrics_audience: \"https://{region}.example\"}\n"),
              "t.yaml:13:37: accounts[0].azure.endpoints.metrics_audience: this endpoint takes no "
              "{region} placeholder");
}

} // namespace
} // namespace cloudsync::config::testing
