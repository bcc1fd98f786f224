// Compact JWS RS256 as a second cloud needs it: a header with `kid`, arbitrary
// claims, the signature verified with the key's public half by OpenSSL.
#include "auth/base64url.hpp"
#include "auth/error.hpp"
#include "auth/jwt.hpp"
#include "test_certificate.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <set>

namespace cloudsync::auth {
namespace {

const std::shared_ptr<EVP_PKEY>& rsa() {
    static const auto key = test::make_key("rsa", 2048);
    return key;
}

TEST(Jwt, HeaderStartsWithAlgAndTypThenTheCallersMembers) {
    EXPECT_EQ(boost::json::serialize(rs256_header()), R"({"alg":"RS256","typ":"JWT"})");
    EXPECT_EQ(boost::json::serialize(rs256_header({{"kid", "abc123"}})),
              R"({"alg":"RS256","typ":"JWT","kid":"abc123"})");
    EXPECT_THROW(rs256_header({{"alg", "none"}}), auth_error);
    EXPECT_THROW(rs256_header({{"typ", "JOSE"}}), auth_error);
}

TEST(Jwt, ServiceAccountStyleJwtWithKidVerifiesWithThePublicKey) {
    const rsa_private_key key{secret(test::key_pem(rsa().get()))};
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    const boost::json::object claims{
        {"iss", "sync@project.iam.gserviceaccount.com"},
        {"scope", "https://www.googleapis.com/auth/cloud-platform.read-only"},
        {"aud", "https://oauth2.googleapis.com/token"},
        {"iat", jwt_time(now)},
        {"exp", jwt_time(now + std::chrono::hours(1))}};
    const auto jwt = sign_jwt(key, rs256_header({{"kid", "0123456789abcdef"}}), claims);
    const auto parts = test::split_jwt(jwt);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(base64url_decode(parts[0]),
              R"({"alg":"RS256","typ":"JWT","kid":"0123456789abcdef"})");
    const auto body = boost::json::parse(*base64url_decode(parts[1]));
    EXPECT_EQ(body.at("iat").as_int64(), 1700000000);
    EXPECT_EQ(body.at("exp").as_int64(), 1700003600);
    EXPECT_EQ(body.at("aud").as_string(), "https://oauth2.googleapis.com/token");
    const auto signature = base64url_decode(parts[2]);
    ASSERT_TRUE(signature);
    EXPECT_TRUE(test::verify_rs256_key(rsa().get(), parts[0] + "." + parts[1], *signature));
    EXPECT_EQ(jwt.find_first_of("=+/"), std::string::npos);
    // A changed claim does not verify.
    const auto forged = base64url_encode(R"({"iss":"evil"})");
    EXPECT_FALSE(test::verify_rs256_key(rsa().get(), parts[0] + "." + forged, *signature));
}

TEST(Jwt, SignedWithAPkcs1KeyToo) {
    const rsa_private_key key{secret(test::key_pem_pkcs1(rsa().get()))};
    const auto parts = test::split_jwt(sign_jwt(key, rs256_header(), {{"sub", "x"}}));
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_TRUE(test::verify_rs256_key(rsa().get(), parts[0] + "." + parts[1],
                                       *base64url_decode(parts[2])));
}

TEST(Jwt, RandomJwtIdsAreVersion4UuidsAndDistinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto id = random_jwt_id();
        ASSERT_EQ(id.size(), 36u) << id;
        EXPECT_EQ(id[8], '-');
        EXPECT_EQ(id[14], '4') << id;
        EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 100u);
}

} // namespace
} // namespace cloudsync::auth
