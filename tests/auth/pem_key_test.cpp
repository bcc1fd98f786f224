// Provider-neutral PEM loading: RSA private keys in PKCS#8 and PKCS#1 form (and
// inside a GCP-style JSON key file), certificates, RS256 signatures verified with
// OpenSSL, and errors that name the origin but never a byte of the key.
#include "auth/error.hpp"
#include "auth/pem_key.hpp"
#include "test_certificate.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cloudsync::auth {
namespace {

const std::shared_ptr<EVP_PKEY>& rsa() {
    static const auto key = test::make_key("rsa", 2048);
    return key;
}

pem_context from(std::string origin, std::string hint = {}) {
    pem_context context;
    context.origin = std::move(origin);
    context.missing_hint = std::move(hint);
    return context;
}

std::string key_error(const std::string& pem, const pem_context& context = {}) {
    try {
        rsa_private_key key{secret(pem), context};
    } catch (const auth_error& e) {
        return e.what();
    }
    return "no error";
}

void expect_signs_verifiably(const rsa_private_key& key) {
    const std::string input = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0";
    const auto signature = key.sign_rs256(input);
    EXPECT_EQ(signature.size(), 256u);
    EXPECT_TRUE(test::verify_rs256_key(rsa().get(), input, signature));
    EXPECT_FALSE(test::verify_rs256_key(rsa().get(), input + "x", signature));
}

TEST(PemKey, LoadsPkcs8AndSignsVerifiably) {
    const auto pem = test::key_pem(rsa().get());
    ASSERT_NE(pem.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
    const rsa_private_key key{secret(pem)};
    EXPECT_EQ(key.bits(), 2048);
    expect_signs_verifiably(key);
}

TEST(PemKey, LoadsPkcs1AndSignsVerifiably) {
    const auto pem = test::key_pem_pkcs1(rsa().get());
    ASSERT_NE(pem.find("-----BEGIN RSA PRIVATE KEY-----"), std::string::npos);
    expect_signs_verifiably(rsa_private_key{secret(pem)});
}

TEST(PemKey, LoadsThePrivateKeyOfAServiceAccountJsonKeyFile) {
    // A GCP key file carries the PKCS#8 PEM as a JSON string with escaped newlines.
    boost::json::object file{{"type", "service_account"},
                             {"private_key_id", "abc123"},
                             {"private_key", test::key_pem(rsa().get())},
                             {"client_email", "sync@project.iam.gserviceaccount.com"}};
    const auto text = boost::json::serialize(file);
    ASSERT_NE(text.find("\\n"), std::string::npos);
    const auto parsed = boost::json::parse(text);
    const secret pem(std::string(parsed.at("private_key").as_string()));
    expect_signs_verifiably(rsa_private_key{pem, from("gcp service account key k.json")});
}

TEST(PemKey, SkipsOtherBlocksAroundTheKey) {
    const auto cert = test::certificate_pem(rsa().get());
    expect_signs_verifiably(rsa_private_key{secret(cert + test::key_pem(rsa().get()))});
    expect_signs_verifiably(rsa_private_key{secret(test::key_pem_pkcs1(rsa().get()) + cert)});
}

TEST(PemKey, ErrorsNameTheOriginAndNeverTheKey) {
    const pem_context gcp = from("gcp service account key k.json");
    EXPECT_EQ(key_error("not pem", gcp),
              "gcp service account key k.json: no PRIVATE KEY block in the pem text");
    EXPECT_EQ(key_error(test::certificate_pem(rsa().get())),
              "pem key: no PRIVATE KEY block in the pem text");
    const auto ec = test::make_key("ec");
    EXPECT_EQ(key_error(test::key_pem(ec.get()), gcp),
              "gcp service account key k.json: the private key is EC, not RSA (RS256 needs an "
              "RSA key)");
    const auto small = test::make_key("rsa", 1024);
    EXPECT_EQ(key_error(test::key_pem(small.get())),
              "pem key: the RSA key has 1024 bits; at least 2048 are required");
    const auto encrypted = key_error(test::key_pem(rsa().get(), "passphrase"));
    EXPECT_EQ(encrypted, "pem key: the private key is encrypted; export it without a passphrase "
                         "(protect the file instead)");
    // A truncated key: the message holds none of its text.
    const auto pem = test::key_pem(rsa().get());
    const auto cut = pem.substr(0, pem.size() / 2) + "\n-----END PRIVATE KEY-----\n";
    const auto message = key_error(cut);
    EXPECT_EQ(message, "pem key: no PRIVATE KEY block in the pem text");
    EXPECT_EQ(message.find(pem.substr(40, 20)), std::string::npos);
}

TEST(PemCertificate, ThumbprintAndPairing) {
    const auto cert_pem = test::certificate_pem(rsa().get());
    const x509_certificate cert(cert_pem);
    EXPECT_EQ(cert.sha256_thumbprint(), test::certificate_sha256(cert_pem));
    EXPECT_FALSE(cert.der().empty());
    EXPECT_TRUE(cert.matches(rsa_private_key{secret(test::key_pem(rsa().get()))}));
    const auto other = test::make_key("rsa", 2048);
    EXPECT_FALSE(cert.matches(rsa_private_key{secret(test::key_pem(other.get()))}));
    try {
        x509_certificate none(test::key_pem(rsa().get()), from("x", " (hint)"));
        ADD_FAILURE() << "no error";
    } catch (const auth_error& e) {
        EXPECT_STREQ(e.what(), "x: no CERTIFICATE block in the pem text (hint)");
    }
}

} // namespace
} // namespace cloudsync::auth
