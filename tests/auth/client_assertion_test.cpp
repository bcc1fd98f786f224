// The pieces of the certificate credential's client assertion: the
// x5t#S256 thumbprint, the JWT header and claims Microsoft documents, the RS256
// signature (verified with the certificate's public key), the form body, and
// the clear errors for PEM files that cannot work.
#include "auth/azure/certificate_key.hpp"
#include "auth/azure/client_assertion.hpp"
#include "auth/base64url.hpp"
#include "auth/error.hpp"
#include "auth/jwt.hpp"
#include "test_certificate.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>


namespace cloudsync::auth::azure {
namespace {

const test::pem_pair& rsa_pair() {
    static const test::pem_pair pair = test::make_pem_pair("rsa", 2048);
    return pair;
}

std::string error_of(const std::string& pem) {
    try {
        certificate_key key{secret(pem)};
    } catch (const auth_error& e) {
        return e.what();
    }
    return "no error";
}

TEST(CertificateKey, ThumbprintIsBase64UrlOfSha256OfTheDerCertificate) {
    const certificate_key key{secret(rsa_pair().both())};
    const auto expected = test::certificate_sha256(rsa_pair().certificate);
    ASSERT_EQ(expected.size(), 32u);
    EXPECT_EQ(key.x5t_s256(), base64url_encode(expected));
    EXPECT_EQ(key.x5t_s256().size(), 43u); // 32 bytes, unpadded
    // The key block may come first: order in the file does not matter.
    const certificate_key reversed{secret(rsa_pair().key + rsa_pair().certificate)};
    EXPECT_EQ(reversed.x5t_s256(), key.x5t_s256());
}

TEST(CertificateKey, SignaturesVerifyWithTheCertificatesPublicKey) {
    const certificate_key key{secret(rsa_pair().both())};
    const std::string input = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0";
    const auto signature = key.sign_rs256(input);
    EXPECT_EQ(signature.size(), 256u); // 2048-bit modulus
    EXPECT_TRUE(test::verify_rs256(rsa_pair().certificate, input, signature));
    EXPECT_FALSE(test::verify_rs256(rsa_pair().certificate, input + "x", signature));
    const auto other = test::make_pem_pair("rsa", 2048);
    EXPECT_FALSE(test::verify_rs256(other.certificate, input, signature));
}

TEST(CertificateKey, RejectsPemTextThatCannotSignWithAClearError) {
    const auto& pair = rsa_pair();
    EXPECT_EQ(error_of(pair.key),
              "azure client certificate: no CERTIFICATE block in the pem text (expected the "
              "certificate and its private key in one file)");
    EXPECT_EQ(error_of(pair.certificate),
              "azure client certificate: no PRIVATE KEY block in the pem text (expected the "
              "certificate and its private key in one file)");
    EXPECT_EQ(error_of("not pem at all"),
              "azure client certificate: no CERTIFICATE block in the pem text (expected the "
              "certificate and its private key in one file)");
    const auto ec = test::make_pem_pair("ec");
    EXPECT_EQ(error_of(ec.both()), "azure client certificate: the private key is EC, not RSA "
                                   "(Microsoft Entra ID client assertions are signed RS256)");
    const auto other = test::make_pem_pair("rsa", 2048);
    EXPECT_EQ(error_of(pair.certificate + other.key),
              "azure client certificate: the private key does not belong to the certificate");
    const auto short_key = test::make_pem_pair("rsa", 1024);
    EXPECT_EQ(error_of(short_key.both()),
              "azure client certificate: the RSA key has 1024 bits; at least 2048 are required");
}

TEST(CertificateKey, EncryptedKeyIsRejectedWithoutPrompting) {
    const auto key = test::make_key("rsa");
    const auto pem = test::certificate_pem(key.get()) + test::key_pem(key.get(), "passphrase");
    const auto message = error_of(pem);
    EXPECT_EQ(message, "azure client certificate: the private key is encrypted; export it "
                       "without a passphrase (protect the file instead)");
    EXPECT_EQ(message.find("passphrase\""), std::string::npos);
}

TEST(ClientAssertion, HeaderAndClaimsFollowTheCertificateCredentialsFormat) {
    EXPECT_EQ(assertion_header_json("A1bC2dE3"),
              R"({"alg":"RS256","typ":"JWT","x5t#S256":"A1bC2dE3"})");
    assertion_claims claims;
    claims.audience = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
    claims.client_id = "97e0a5b7-d745-40b6-94fe-5f77d35c6e05";
    claims.jwt_id = "22b3bb26-e046-42df-9c96-65dbd72c1c81";
    claims.now = std::chrono::system_clock::time_point(std::chrono::seconds(1601519114));
    // The documented example: nbf = iat = 1601519114, exp 10 minutes later.
    EXPECT_EQ(
        assertion_claims_json(claims),
        R"({"aud":"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",)"
        R"("exp":1601519714,"iss":"97e0a5b7-d745-40b6-94fe-5f77d35c6e05",)"
        R"("jti":"22b3bb26-e046-42df-9c96-65dbd72c1c81","nbf":1601519114,)"
        R"("sub":"97e0a5b7-d745-40b6-94fe-5f77d35c6e05","iat":1601519114})");
    claims.client_id = "quote\"back\\slash";
    const auto parsed = boost::json::parse(assertion_claims_json(claims));
    EXPECT_EQ(parsed.at("iss").as_string(), "quote\"back\\slash");
}

TEST(ClientAssertion, IsASignedJwtWhoseSegmentsDecodeToHeaderAndClaims) {
    const certificate_key key{secret(rsa_pair().both())};
    assertion_claims claims;
    claims.audience = "https://login.example/t/oauth2/v2.0/token";
    claims.client_id = "client";
    claims.jwt_id = random_jwt_id();
    claims.now = std::chrono::system_clock::now();
    const auto jwt = build_client_assertion(key, claims);
    const auto parts = test::split_jwt(jwt);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(base64url_decode(parts[0]), assertion_header_json(key.x5t_s256()));
    EXPECT_EQ(base64url_decode(parts[1]), assertion_claims_json(claims));
    const auto signature = base64url_decode(parts[2]);
    ASSERT_TRUE(signature);
    EXPECT_TRUE(test::verify_rs256(rsa_pair().certificate, parts[0] + "." + parts[1], *signature));
    EXPECT_EQ(jwt.find('='), std::string::npos);
}

TEST(ClientAssertion, FormCarriesTheJwtBearerAssertionType) {
    EXPECT_EQ(client_assertion_form("97e0a5b7-d745-40b6-94fe-5f77d35c6e05",
                                    "https://graph.microsoft.com/.default", "aaa.bbb.c-_"),
              "client_id=97e0a5b7-d745-40b6-94fe-5f77d35c6e05"
              "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
              "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-"
              "bearer&client_assertion=aaa.bbb.c-_&grant_type=client_credentials");
}

} // namespace
} // namespace cloudsync::auth::azure
