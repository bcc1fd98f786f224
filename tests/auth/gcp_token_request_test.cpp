// What the GCP credentials send to Google's token endpoint, checked without a
// network: the service-account assertion decoded (header kid, claims iss, aud,
// scope, iat, exp) and its RS256 signature verified by OpenSSL with the public
// half of a key made by the test; the jwt-bearer and refresh-token form bodies.
#include "auth/base64url.hpp"
#include "auth/error.hpp"
#include "auth/gcp/scopes.hpp"
#include "auth/gcp/token_request.hpp"
#include "test_certificate.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::auth::gcp {
namespace {

const std::shared_ptr<EVP_PKEY>& rsa() {
    static const auto key = test::make_key("rsa", 2048);
    return key;
}

service_account_claims sample_claims() {
    service_account_claims c;
    c.client_email = "sync@project.iam.gserviceaccount.com";
    c.audience = "https://oauth2.googleapis.com/token";
    c.scope = join_scopes(default_scopes());
    c.now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)) +
            std::chrono::milliseconds(700); // fractions are dropped
    return c;
}

TEST(GcpAssertion, HeaderClaimsAndSignatureAreWhatGoogleVerifies) {
    const rsa_private_key key{secret(test::key_pem(rsa().get()))};
    const auto jwt =
        build_assertion(key, "0123456789abcdef0123456789abcdef01234567", sample_claims());
    const auto parts = test::split_jwt(jwt);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(base64url_decode(parts[0]),
              R"({"alg":"RS256","typ":"JWT","kid":"0123456789abcdef0123456789abcdef01234567"})");
    const auto claims = boost::json::parse(*base64url_decode(parts[1])).as_object();
    EXPECT_EQ(claims.at("iss").as_string(), "sync@project.iam.gserviceaccount.com");
    EXPECT_EQ(claims.at("aud").as_string(), "https://oauth2.googleapis.com/token");
    EXPECT_EQ(claims.at("scope").as_string(), "https://www.googleapis.com/auth/cloud-platform");
    EXPECT_EQ(claims.at("iat").as_int64(), 1700000000);
    EXPECT_EQ(claims.at("exp").as_int64(), 1700003600);
    EXPECT_FALSE(claims.contains("sub")); // only for domain-wide delegation
    const auto signature = base64url_decode(parts[2]);
    ASSERT_TRUE(signature);
    EXPECT_TRUE(test::verify_rs256_key(rsa().get(), parts[0] + "." + parts[1], *signature));
    const auto other = test::make_key("rsa", 2048);
    EXPECT_FALSE(test::verify_rs256_key(other.get(), parts[0] + "." + parts[1], *signature));
}

TEST(GcpAssertion, NoKidWithoutAKeyId) {
    const rsa_private_key key{secret(test::key_pem_pkcs1(rsa().get()))};
    const auto parts = test::split_jwt(build_assertion(key, "", sample_claims()));
    EXPECT_EQ(base64url_decode(parts[0]), R"({"alg":"RS256","typ":"JWT"})");
}

TEST(GcpAssertion, LifetimeIsAtMostAnHour) {
    auto c = sample_claims();
    c.lifetime = std::chrono::seconds(3601);
    EXPECT_THROW(assertion_claims(c), auth_error);
    c.lifetime = std::chrono::seconds(0);
    EXPECT_THROW(assertion_claims(c), auth_error);
    c.lifetime = std::chrono::seconds(600);
    EXPECT_EQ(assertion_claims(c).at("exp").as_int64(), 1700000600);
    c.scope.clear();
    EXPECT_THROW(assertion_claims(c), auth_error);
}

TEST(GcpTokenForms, JwtBearerGrant) {
    EXPECT_EQ(
        jwt_bearer_form("aaa.bbb.ccc"),
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=aaa.bbb.ccc");
}

TEST(GcpTokenForms, RefreshTokenGrantEncodesEveryValue) {
    EXPECT_EQ(refresh_token_form("id.apps.googleusercontent.com", "s e/c", "1//0g-x", ""),
              "grant_type=refresh_token&client_id=id.apps.googleusercontent.com"
              "&client_secret=s%20e%2Fc&refresh_token=1%2F%2F0g-x");
    EXPECT_EQ(refresh_token_form("c", "s", "r", "https://www.googleapis.com/auth/cloud-platform"),
              "grant_type=refresh_token&client_id=c&client_secret=s&refresh_token=r"
              "&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fcloud-platform");
}

TEST(GcpScopes, CloudPlatformIsTheOneScope) {
    EXPECT_EQ(default_scopes(),
              std::vector<std::string>{"https://www.googleapis.com/auth/cloud-platform"});
    EXPECT_EQ(join_scopes({"a", "b"}), "a b");
}

} // namespace
} // namespace cloudsync::auth::gcp
