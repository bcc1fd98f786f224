// cloudsim's SigV4 verifier on the official AWS SigV4 test suite
// (../shared/fixtures/aws/sigv4-testsuite): every signed request (.sreq)
// verifies with the suite's credentials and date, the rebuilt canonical
// request, string to sign and Authorization match the suite's files, and a
// tampered request fails.
#include "cloudsim/aws_sigv4.hpp"

#include "support/official_examples.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cloudsync::cloudsim {
namespace {

constexpr std::string_view suite_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A suite .sreq: "METHOD TARGET HTTP/1.1", "Name:value" lines, a blank line,
// the body. The target may hold a raw space or UTF-8 (the suite writes what
// a signer starts from). A line starting with whitespace continues the
// previous header; the suite's canonical form treats it as a further value
// (get-header-value-multiline), so it is kept as a repeat of that header.
struct parsed_sreq {
    sigv4_request request; // without Authorization
    std::string authorization;
};

parsed_sreq parse_sreq(const std::string& text) {
    parsed_sreq out;
    std::istringstream in(text);
    std::string line;
    std::getline(in, line);
    const auto space = line.find(' ');
    const auto version = line.rfind(" HTTP/");
    out.request.method = line.substr(0, space);
    out.request.target = line.substr(space + 1, version - space - 1);
    std::string last_name;
    while (std::getline(in, line)) {
        if (line.empty())
            break;
        if (line.front() == ' ' || line.front() == '\t') {
            out.request.headers.emplace_back(last_name, line);
            continue;
        }
        const auto colon = line.find(':');
        last_name = line.substr(0, colon);
        std::string value = line.substr(colon + 1);
        if (last_name == "Authorization") {
            out.authorization = value;
            continue;
        }
        out.request.headers.emplace_back(last_name, value);
    }
    std::ostringstream body;
    body << in.rdbuf();
    out.request.body = body.str();
    return out;
}

std::vector<std::filesystem::path> suite_cases() {
    std::vector<std::filesystem::path> cases;
    const std::filesystem::path root = cloudsync::test::examples_dir() + "/aws/sigv4-testsuite";
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.path().extension() == ".sreq")
            cases.push_back(entry.path());
    }
    std::sort(cases.begin(), cases.end());
    return cases;
}

sigv4_context suite_context() {
    return {"us-east-1", "service", *parse_amz_date("20150830T123600Z"), false};
}

std::string sibling(const std::filesystem::path& sreq, const char* extension) {
    auto path = sreq;
    path.replace_extension(extension);
    return read(path);
}

TEST(AwsSigv4, EveryOfficialSuiteCaseVerifies) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto cases = suite_cases();
    ASSERT_EQ(cases.size(), 31U);
    for (const auto& path : cases) {
        SCOPED_TRACE(path.filename().string());
        const auto sreq = parse_sreq(read(path));
        const auto auth = parse_sigv4_authorization(sreq.authorization);
        ASSERT_TRUE(auth.has_value());
        EXPECT_EQ(auth->access_key_id, "AKIDEXAMPLE");
        const std::string canonical = sigv4_canonical_request(sreq.request, auth->signed_headers,
                                                              sha256_hex(sreq.request.body), false);
        EXPECT_EQ(canonical, sibling(path, ".creq"));
        const std::string to_sign =
            sigv4_string_to_sign("20150830T123600Z", auth->scope(), canonical);
        EXPECT_EQ(to_sign, sibling(path, ".sts"));
        std::string signed_list;
        for (const auto& name : auth->signed_headers)
            signed_list += (signed_list.empty() ? "" : ";") + name;
        EXPECT_EQ(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + auth->scope() +
                ", SignedHeaders=" + signed_list + ", Signature=" +
                sigv4_signature(suite_secret, auth->date, auth->region, auth->service, to_sign),
            sibling(path, ".authz"));
        const auto error = verify_sigv4(sreq.request, *auth, suite_secret, suite_context());
        EXPECT_FALSE(error.has_value()) << error->message;
    }
}

TEST(AwsSigv4, TamperedSuiteRequestsFail) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    for (const auto& path : suite_cases()) {
        SCOPED_TRACE(path.filename().string());
        const auto original = parse_sreq(read(path));
        const auto auth = *parse_sigv4_authorization(original.authorization);

        auto query = original.request;
        query.target += query.target.find('?') == std::string::npos ? "?x=1" : "&x=1";
        auto body = original.request;
        body.body += "!";
        auto method = original.request;
        method.method = method.method == "GET" ? "POST" : "GET";
        auto header = original.request;
        header.headers.emplace_back("Host", "evil.example.com"); // a repeat changes host's value
        for (const auto* tampered : {&query, &body, &method, &header}) {
            const auto error = verify_sigv4(*tampered, auth, suite_secret, suite_context());
            ASSERT_TRUE(error.has_value());
            EXPECT_EQ(error->failure, sigv4_failure::mismatch);
        }
        const auto wrong_secret = verify_sigv4(
            original.request, auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ", suite_context());
        ASSERT_TRUE(wrong_secret.has_value());
        EXPECT_EQ(wrong_secret->failure, sigv4_failure::mismatch);
    }
}

TEST(AwsSigv4, TamperedSignatureFails) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto sreq = parse_sreq(read(cloudsync::test::examples_dir() +
                                      "/aws/sigv4-testsuite/get-vanilla/get-vanilla.sreq"));
    auto auth = *parse_sigv4_authorization(sreq.authorization);
    auth.signature[10] = auth.signature[10] == '0' ? '1' : '0';
    const auto error = verify_sigv4(sreq.request, auth, suite_secret, suite_context());
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->failure, sigv4_failure::mismatch);
    EXPECT_EQ(error->message.find(auth.signature), std::string::npos);
    EXPECT_EQ(error->message.find(suite_secret), std::string::npos);
}

TEST(AwsSigv4, ScopeAndDateChecked) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto sreq = parse_sreq(read(cloudsync::test::examples_dir() +
                                      "/aws/sigv4-testsuite/get-vanilla/get-vanilla.sreq"));
    const auto auth = *parse_sigv4_authorization(sreq.authorization);
    auto context = suite_context();
    context.region = "eu-west-1";
    EXPECT_EQ(verify_sigv4(sreq.request, auth, suite_secret, context)->failure,
              sigv4_failure::bad_scope_region);
    context = suite_context();
    context.service = "ec2";
    EXPECT_EQ(verify_sigv4(sreq.request, auth, suite_secret, context)->failure,
              sigv4_failure::bad_scope_service);
    context = suite_context();
    context.now += 15 * 60; // exactly at the edge: still accepted
    EXPECT_FALSE(verify_sigv4(sreq.request, auth, suite_secret, context).has_value());
    context.now += 1;
    EXPECT_EQ(verify_sigv4(sreq.request, auth, suite_secret, context)->failure,
              sigv4_failure::skewed);
    context.now = suite_context().now - 15 * 60 - 1; // from the future
    EXPECT_EQ(verify_sigv4(sreq.request, auth, suite_secret, context)->failure,
              sigv4_failure::skewed);

    auto undated = sreq.request;
    std::erase_if(undated.headers, [](const auto& h) { return h.first == "X-Amz-Date"; });
    EXPECT_EQ(verify_sigv4(undated, auth, suite_secret, suite_context())->failure,
              sigv4_failure::missing_date);
}

TEST(AwsSigv4, AuthorizationHeaderParsing) {
    EXPECT_FALSE(parse_sigv4_authorization("Bearer abc").has_value());
    EXPECT_FALSE(
        parse_sigv4_authorization("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service, "
                                  "SignedHeaders=host, Signature=" +
                                  std::string(64, 'a'))
            .has_value());
    EXPECT_FALSE(parse_sigv4_authorization(
                     "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, "
                     "SignedHeaders=host, Signature=abc")
                     .has_value());
    const auto auth = parse_sigv4_authorization(
        "AWS4-HMAC-SHA256 "
        "Credential=AKID/20150830/eu-west-1/ec2/aws4_request,SignedHeaders=host;x-amz-date,"
        "Signature=" +
        std::string(64, 'b'));
    ASSERT_TRUE(auth.has_value());
    EXPECT_EQ(auth->region, "eu-west-1");
    EXPECT_EQ(auth->service, "ec2");
    EXPECT_EQ(auth->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
}

// S3 signs the path as received: neither normalised nor encoded a second time;
// every other service encodes the received (already encoded) path once more.
TEST(AwsSigv4, S3PathIsSignedAsReceived) {
    const sigv4_request request{"GET", "/aws/s3/us-east-1/my-bucket//a%20b", {{"Host", "h"}}, ""};
    const auto s3 = sigv4_canonical_request(request, {"host"}, "UNSIGNED", true);
    const auto other = sigv4_canonical_request(request, {"host"}, "UNSIGNED", false);
    EXPECT_EQ(s3.substr(0, s3.find('\n', 4)), "GET\n/aws/s3/us-east-1/my-bucket//a%20b");
    EXPECT_EQ(other.substr(0, other.find('\n', 4)), "GET\n/aws/s3/us-east-1/my-bucket/a%2520b");
}

TEST(AwsSigv4, QueryIsDecodedReencodedAndSorted) {
    const sigv4_request request{
        "GET", "/?b=2&NextToken=a%2Bb%2F%3D&a=x%20y&a=w", {{"Host", "h"}}, ""};
    const auto canonical = sigv4_canonical_request(request, {"host"}, "", false);
    EXPECT_NE(canonical.find("\nNextToken=a%2Bb%2F%3D&a=w&a=x%20y&b=2\n"), std::string::npos)
        << canonical;
}

} // namespace
} // namespace cloudsync::cloudsim
