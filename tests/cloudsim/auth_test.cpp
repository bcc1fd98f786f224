// Certificate credentials (JWT client assertions) and managed identity (IMDS)
// against the sim, including each rejection.
#include "cloudsim/entra_assertion.hpp"
#include "cloudsim/error.hpp"
#include "cloudsim/sim_fixture.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;
const std::string cert_client = "cccccccc-1111-2222-3333-444444444444";

// A fresh RSA key and a self-signed certificate for it.
struct key_pair {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_RSA_gen(2048), EVP_PKEY_free};
    std::string certificate_pem;

    key_pair() {
        std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
        ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
        X509_set_pubkey(cert.get(), key.get());
        X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("cloudsync-test"), -1, -1, 0);
        X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get()));
        X509_sign(cert.get(), key.get(), EVP_sha256());
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
        PEM_write_bio_X509(bio.get(), cert.get());
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio.get(), &data);
        certificate_pem.assign(data, static_cast<std::size_t>(size));
    }

    std::string sign(const std::string& text) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get());
        std::size_t length = 0;
        EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(text.data()), text.size());
        std::string signature(length, '\0');
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(text.data()), text.size());
        signature.resize(length);
        return signature;
    }
};

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class CertificateAuthTest : public sim_test {
protected:
    CertificateAuthTest() { sim.add_client_certificate({tenant, cert_client, keys.certificate_pem}); }

    std::string token_url() { return sim.base_url() + "/" + tenant + "/oauth2/v2.0/token"; }

    json::object claims() {
        return {{"aud", token_url()}, {"iss", cert_client}, {"sub", cert_client}, {"jti", "jti-1"},
                {"nbf", now_s()}, {"exp", now_s() + 600}};
    }
    json::object header(const key_pair& signer) {
        return {{"alg", "RS256"}, {"typ", "JWT"}, {"x5t#S256", certificate_thumbprint_s256(signer.certificate_pem)}};
    }
    std::string assertion(const json::object& h, const json::object& c, const key_pair& signer) {
        const std::string text = base64url_encode(json::serialize(h)) + "." + base64url_encode(json::serialize(c));
        return text + "." + base64url_encode(signer.sign(text));
    }
    response request(const std::string& jwt, const std::string& client = cert_client,
                     const std::string& type = std::string(jwt_bearer_assertion_type)) {
        const std::string form = "client_id=" + form_encode(client) + "&client_assertion_type=" + form_encode(type) +
                                 "&client_assertion=" + form_encode(jwt) + "&scope=" +
                                 form_encode(sim.base_url() + "/.default") + "&grant_type=client_credentials";
        return client_->post("/" + tenant + "/oauth2/v2.0/token", form, "application/x-www-form-urlencoded");
    }
    void expect_rejected(const response& res, unsigned status, const std::string& error, std::int64_t code) {
        EXPECT_EQ(res.result_int(), status) << res.body();
        const auto body = parse_json(res.body());
        EXPECT_EQ(keys_of(body), keys_of(read_fixture("identity.token.clientCredentials.error.json")));
        EXPECT_EQ(body.at("error").as_string(), error) << res.body();
        EXPECT_EQ(body.at("error_codes").at(0).as_int64(), code) << res.body();
    }

    key_pair keys;
    test_client* client_ = client.get();
};

TEST_F(CertificateAuthTest, SignedAssertionGetsATokenThatWorksEverywhere) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto res = request(assertion(header(keys), claims(), keys));
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto body = parse_json(res.body());
    EXPECT_EQ(keys_of(body), keys_of(read_fixture("identity.token.clientCredentials.success.json")));
    const std::string t(body.at("access_token").as_string());
    EXPECT_EQ(client->get("/subscriptions?api-version=2022-12-01", {{"Authorization", "Bearer " + t}}).result_int(), 200);
}

TEST_F(CertificateAuthTest, RejectsEachBrokenAssertion) {
    CLOUDSYNC_REQUIRE_EXAMPLES(); // expect_rejected compares with the official error shape
    key_pair stranger;
    expect_rejected(request(assertion(header(stranger), claims(), stranger)), 401, "invalid_client", 700027);
    auto wrong_key = header(keys); // registered thumbprint, signed by another key
    expect_rejected(request(assertion(wrong_key, claims(), stranger)), 401, "invalid_client", 700027);
    auto hs = header(keys);
    hs["alg"] = "HS256";
    expect_rejected(request(assertion(hs, claims(), keys)), 401, "invalid_client", 5002738);
    auto c = claims();
    c["aud"] = "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token";
    expect_rejected(request(assertion(header(keys), c, keys)), 401, "invalid_client", 700023);
    c = claims();
    c["iss"] = "someone-else";
    expect_rejected(request(assertion(header(keys), c, keys)), 401, "invalid_client", 700021);
    c = claims();
    c["exp"] = now_s() - 10;
    expect_rejected(request(assertion(header(keys), c, keys)), 401, "invalid_client", 700024);
    c = claims();
    c["exp"] = now_s() + 7200;
    expect_rejected(request(assertion(header(keys), c, keys)), 401, "invalid_client", 700024);
    c = claims();
    c["nbf"] = now_s() + 600;
    expect_rejected(request(assertion(header(keys), c, keys)), 401, "invalid_client", 700024);
    c = claims();
    c.erase("jti");
    expect_rejected(request(assertion(header(keys), c, keys)), 400, "invalid_request", 50027);
    expect_rejected(request("not.a-jwt"), 400, "invalid_request", 50027);
    expect_rejected(request(assertion(header(keys), claims(), keys), cert_client, "urn:other"), 400,
                    "invalid_request", 50027);
    // A secret client cannot use someone else's certificate assertion.
    expect_rejected(request(assertion(header(keys), claims(), keys), client_id), 401, "invalid_client", 700027);
    EXPECT_EQ(sim.stats().tokens_issued, 0u);
    EXPECT_THROW(sim.add_client_certificate({tenant, "x", "not a pem"}), cloudsim_error);
}

class ManagedIdentityTest : public sim_test {
protected:
    ManagedIdentityTest() { sim.add_user_assigned_identity("uami-1"); }
    response imds(const std::string& query, bool metadata = true) {
        header_list headers;
        if (metadata) headers.emplace_back("Metadata", "true");
        return client->get("/metadata/identity/oauth2/token?" + query, headers);
    }
    void expect_imds_error(const response& res, const std::string& error, const std::string& description) {
        EXPECT_EQ(res.result_int(), 400) << res.body();
        const auto body = parse_json(res.body());
        EXPECT_EQ(keys_of(body), (std::set<std::string>{"error", "error_description"}));
        EXPECT_EQ(body.at("error").as_string(), error);
        EXPECT_NE(std::string(body.at("error_description").as_string()).find(description), std::string::npos) << res.body();
    }
};

TEST_F(ManagedIdentityTest, IssuesTokensAsImdsDoes) {
    const auto res = imds("api-version=2018-02-01&resource=" + form_encode(sim.base_url() + "/"));
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto body = parse_json(res.body());
    for (const auto& key : {"access_token", "expires_in", "expires_on", "resource", "token_type"}) {
        ASSERT_TRUE(body.as_object().contains(key)) << key;
        EXPECT_TRUE(body.at(key).is_string()) << key; // IMDS sends numbers as strings
    }
    EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
    EXPECT_EQ(body.at("expires_in").as_string(), "86399");
    const std::string t(body.at("access_token").as_string());
    EXPECT_EQ(client->get(list_path(0, "Microsoft.Compute/virtualMachines"), {{"Authorization", "Bearer " + t}}).result_int(), 200);
    const auto metrics = imds("api-version=2018-02-01&resource=" + form_encode("https://metrics.monitor.azure.com") +
                              "&client_id=uami-1");
    ASSERT_EQ(metrics.result_int(), 200) << metrics.body();
    EXPECT_EQ(parse_json(metrics.body()).at("client_id").as_string(), "uami-1");
    EXPECT_EQ(sim.stats().count("managedIdentityToken"), 2u);
}

TEST_F(ManagedIdentityTest, RejectsEachBadRequest) {
    const std::string resource = "&resource=" + form_encode(sim.base_url());
    expect_imds_error(imds("api-version=2018-02-01" + resource, false), "invalid_request",
                      "Required metadata header not specified");
    expect_imds_error(imds("api-version=2018-02-01"), "invalid_request", "resource");
    expect_imds_error(imds(resource.substr(1)), "invalid_request", "api-version");
    expect_imds_error(imds("api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net"), "invalid_resource",
                      "AADSTS500011");
    expect_imds_error(imds("api-version=2018-02-01" + resource + "&client_id=nobody"), "invalid_request",
                      "Identity not found");
    EXPECT_EQ(sim.stats().tokens_issued, 0u);
}


} // namespace
} // namespace cloudsync::cloudsim::testing
