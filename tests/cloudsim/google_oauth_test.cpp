// Google's token endpoint and the GCE metadata token route of the sim, driven
// with hand-made requests: the assertion checks a well-behaved credential never
// trips (kid, lifetime > 1 h, alg, grant type, scope), the error shape, the
// refresh grant, and the metadata route's header rule.
#include "cloudsim/entra_assertion.hpp"
#include "cloudsim/error.hpp"
#include "cloudsim/sim_fixture.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <memory>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

const std::string email = "sim@demo.iam.gserviceaccount.com";
const std::string kid = "abc123";

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

struct rsa_key {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_RSA_gen(2048), EVP_PKEY_free};

    std::string public_pem() const {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
        PEM_write_bio_PUBKEY(bio.get(), key.get());
        return bio_text(bio.get());
    }
    std::string private_pem() const {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
        PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
        return bio_text(bio.get());
    }
    std::string sign(const std::string& text) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get());
        std::size_t length = 0;
        const auto* data = reinterpret_cast<const unsigned char*>(text.data());
        EVP_DigestSign(ctx.get(), nullptr, &length, data, text.size());
        std::string signature(length, '\0');
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data, text.size());
        signature.resize(length);
        return signature;
    }
};

const rsa_key& account_key() {
    static const rsa_key key;
    return key;
}

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class GoogleTokenTest : public sim_test {
protected:
    GoogleTokenTest() {
        sim.add_google_service_account({email, kid, account_key().public_pem()});
        sim.add_google_user({"client.apps.googleusercontent.com", "client-secret", "1//refresh"});
    }

    json::object header() { return {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid}}; }
    json::object claims() {
        return {{"iss", email}, {"scope", std::string(google_cloud_platform_scope)},
                {"aud", sim.base_url() + "/token"}, {"iat", now_s()}, {"exp", now_s() + 3600}};
    }
    std::string assertion(const json::object& h, const json::object& c) {
        const std::string text = base64url_encode(json::serialize(h)) + "." + base64url_encode(json::serialize(c));
        return text + "." + base64url_encode(account_key().sign(text));
    }
    response exchange(const std::string& jwt,
                      const std::string& grant = "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        return client->post("/token", "grant_type=" + form_encode(grant) + "&assertion=" + form_encode(jwt),
                            "application/x-www-form-urlencoded");
    }
    // {"error","error_description"} exactly, and its description.
    static std::string refused(const response& res, unsigned status, const std::string& error) {
        EXPECT_EQ(res.result_int(), status) << res.body();
        const auto body = parse_json(res.body()).as_object();
        EXPECT_EQ(body.size(), 2u) << res.body();
        EXPECT_EQ(body.at("error").as_string(), error) << res.body();
        return std::string(body.at("error_description").as_string());
    }
};

TEST_F(GoogleTokenTest, ValidAssertionGetsABearerToken) {
    const auto res = exchange(assertion(header(), claims()));
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto body = parse_json(res.body()).as_object();
    EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
    EXPECT_EQ(body.at("expires_in").as_int64(), 3599);
    EXPECT_FALSE(body.at("access_token").as_string().empty());
    EXPECT_EQ(sim.stats().count("googleToken"), 1u);
    EXPECT_EQ(sim.stats().tokens_issued, 1u);
}

TEST_F(GoogleTokenTest, WrongKidOrAlgIsAnInvalidSignature) {
    auto h = header();
    h["kid"] = "rotated-away";
    EXPECT_EQ(refused(exchange(assertion(h, claims())), 400, "invalid_grant"), "Invalid JWT Signature.");
    h = header();
    h["alg"] = "none";
    EXPECT_EQ(refused(exchange(assertion(h, claims())), 400, "invalid_grant"), "Invalid JWT Signature.");
    auto jwt = assertion(header(), claims());
    auto& c = jwt[jwt.size() - 10]; // inside the signature, not in its last char's padding bits
    c = c == 'A' ? 'B' : 'A';
    EXPECT_EQ(refused(exchange(jwt), 400, "invalid_grant"), "Invalid JWT Signature.");
    EXPECT_EQ(sim.stats().token_failures, 3u);
}

TEST_F(GoogleTokenTest, LifetimeOverAnHourOrInThePastIsRefused) {
    auto c = claims();
    c["exp"] = now_s() + 3601;
    const auto too_long = refused(exchange(assertion(header(), c)), 400, "invalid_grant");
    EXPECT_EQ(too_long.rfind("Invalid JWT: Token must be a short-lived token (60 minutes)", 0), 0u);
    c = claims();
    c["iat"] = now_s() - 3700;
    c["exp"] = now_s() - 100;
    EXPECT_EQ(refused(exchange(assertion(header(), c)), 400, "invalid_grant"), too_long);
    c = claims();
    c.erase("iat");
    EXPECT_EQ(refused(exchange(assertion(header(), c)), 400, "invalid_grant"), too_long);
}

TEST_F(GoogleTokenTest, AudienceScopeAndGrantTypeAreChecked) {
    auto c = claims();
    c["aud"] = "https://oauth2.googleapis.com/token";
    EXPECT_EQ(refused(exchange(assertion(header(), c)), 400, "invalid_grant"),
              "Invalid JWT: Failed audience check. The right audience is " + sim.base_url() + "/token");
    c = claims();
    c["scope"] = "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/gmail.send";
    EXPECT_EQ(refused(exchange(assertion(header(), c)), 400, "invalid_scope"),
              "Invalid OAuth scope or ID token audience provided.");
    c.erase("scope");
    refused(exchange(assertion(header(), c)), 400, "invalid_scope");
    refused(exchange(assertion(header(), claims()), "client_credentials"), 400, "unsupported_grant_type");
    refused(exchange("not-a-jwt"), 400, "invalid_grant");
}

TEST_F(GoogleTokenTest, RefreshGrantChecksClientSecretAndToken) {
    const auto form = [](const std::string& secret, const std::string& refresh) {
        return "grant_type=refresh_token&client_id=client.apps.googleusercontent.com&client_secret=" + secret +
               "&refresh_token=" + form_encode(refresh);
    };
    const std::string type = "application/x-www-form-urlencoded";
    EXPECT_EQ(client->post("/token", form("client-secret", "1//refresh"), type).result_int(), 200);
    EXPECT_EQ(refused(client->post("/token", form("wrong", "1//refresh"), type), 401, "invalid_client"),
              "Unauthorized");
    EXPECT_EQ(refused(client->post("/token", form("client-secret", "1//other"), type), 400, "invalid_grant"),
              "Token has been expired or revoked.");
    const auto scoped = form("client-secret", "1//refresh") + "&scope=" + form_encode("openid");
    refused(client->post("/token", scoped, type), 400, "invalid_scope");
}

TEST_F(GoogleTokenTest, KeyFilesGiveTheSimThePublicHalf) {
    const json::object file{{"type", "service_account"}, {"client_email", email}, {"private_key_id", kid},
                            {"private_key", account_key().private_pem()}};
    const auto account = google_service_account_from_key_file(json::serialize(file));
    EXPECT_EQ(account.client_email, email);
    EXPECT_EQ(account.public_key_pem, account_key().public_pem());
    EXPECT_THROW(google_service_account_from_key_file(R"({"type":"authorized_user"})"), cloudsim_error);
    const auto user = google_user_from_file(
        R"({"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"})");
    EXPECT_EQ(user.refresh_token, "r");
}

TEST_F(GoogleTokenTest, MetadataTokenNeedsTheFlavorHeader) {
    const std::string path = "/computeMetadata/v1/instance/service-accounts/default/token";
    const auto missing = client->get(path);
    EXPECT_EQ(missing.result_int(), 403);
    EXPECT_EQ(missing["Metadata-Flavor"], "Google");
    EXPECT_EQ(client->get(path, {{"Metadata-Flavor", "Google"}, {"X-Forwarded-For", "10.0.0.1"}}).result_int(), 403);
    const auto ok = client->get(path, {{"Metadata-Flavor", "Google"}});
    ASSERT_EQ(ok.result_int(), 200) << ok.body();
    EXPECT_EQ(ok["Metadata-Flavor"], "Google");
    const auto body = parse_json(ok.body()).as_object();
    EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
    EXPECT_EQ(body.at("expires_in").as_int64(), 3599);
    EXPECT_EQ(sim.stats().count("gceMetadataToken"), 3u);
    EXPECT_EQ(sim.stats().tokens_issued, 1u);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
