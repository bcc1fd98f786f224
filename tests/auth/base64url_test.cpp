// base64url without padding (RFC 4648 §5), the encoding of every JWS segment.
#include "auth/base64url.hpp"

#include <gtest/gtest.h>

namespace cloudsync::auth {
namespace {

TEST(Base64Url, MatchesRfc4648TestVectorsWithoutPadding) {
    // RFC 4648 §10 vectors; base64url differs from base64 only in - and _ and no '='.
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
    EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
    // RFC 7515 appendix A.1: the JWS protected header's encoding.
    EXPECT_EQ(base64url_encode("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"),
              "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
}

TEST(Base64Url, DecodesWhatItEncodesAndRejectsGarbage) {
    std::string all;
    for (int i = 0; i < 256; ++i)
        all.push_back(static_cast<char>(i));
    for (std::size_t n = 0; n < all.size(); n += 37)
        EXPECT_EQ(base64url_decode(base64url_encode(all.substr(0, n))), all.substr(0, n));
    EXPECT_EQ(base64url_decode("Zm9vYg=="), "foob");
    EXPECT_FALSE(base64url_decode("Zm9v+g"));
    EXPECT_FALSE(base64url_decode("Zm9vY"));
}

} // namespace
} // namespace cloudsync::auth
