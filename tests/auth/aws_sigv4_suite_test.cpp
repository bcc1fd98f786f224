// The official AWS Signature Version 4 test suite (../shared/fixtures/aws/
// sigv4-testsuite, all 31 cases): each case's raw HTTP request (.req) is signed
// with the suite's credentials and time, and the canonical request, string to
// sign and Authorization value must equal the suite's .creq, .sts and .authz
// byte for byte; the signed request's headers must be the .sreq's.
#include "auth/aws/sigv4.hpp"
#include "support/official_examples.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cloudsync::auth::aws {
namespace {

namespace fs = std::filesystem;

// From the suite's README.md and post-sts-token/readme.txt.
constexpr std::string_view suite_token =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfp"
    "SPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQD"
    "YwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqK"
    "mlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

// A raw request as the suite writes it: "METHOD TARGET HTTP/1.1" (the target may
// hold spaces and raw UTF-8), "Name:value" lines, a folded continuation line
// (leading whitespace) is one more value of the header above it — the suite's
// canonical form joins them with commas like repeated headers — then an empty
// line and the body. LF line endings.
http::request parse_raw(const std::string& text) {
    http::request req;
    const auto head_end = text.find("\n\n");
    const std::string head = text.substr(0, head_end);
    if (head_end != std::string::npos)
        req.body = text.substr(head_end + 2);
    std::istringstream lines(head);
    std::string line;
    std::getline(lines, line);
    const auto method_end = line.find(' ');
    const auto version = line.rfind(" HTTP/");
    req.method = boost::beast::http::string_to_verb(line.substr(0, method_end));
    const std::string target = line.substr(method_end + 1, version - method_end - 1);
    std::string host;
    while (std::getline(lines, line)) {
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            req.headers.emplace_back(req.headers.back().first, trimmed(line));
            continue;
        }
        const auto colon = line.find(':');
        req.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
        if (req.headers.back().first == "Host")
            host = trimmed(req.headers.back().second);
    }
    req.url = "https://" + host + target;
    return req;
}

// (lower-case name, trimmed value), sorted: the header multiset of a request.
std::vector<std::pair<std::string, std::string>> header_set(const http::header_list& headers) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, value] : headers) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        out.emplace_back(lower, trimmed(value));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<fs::path> case_directories(const fs::path& root) {
    std::vector<fs::path> cases;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_directory() &&
            fs::exists(entry.path() / (entry.path().filename().string() + ".req")))
            cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    return cases;
}

TEST(AwsSigv4Suite, EveryOfficialCaseSignsAsTheSuiteSays) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const fs::path root = fs::path(test::examples_dir()) / "aws" / "sigv4-testsuite";
    const auto cases = case_directories(root);
    ASSERT_EQ(cases.size(), 31u) << "cases found under " << root;

    const auto now = std::chrono::sys_days{std::chrono::year{2015} / 8 / 30} +
                     std::chrono::hours(12) + std::chrono::minutes(36);
    for (const auto& dir : cases) {
        const std::string name = dir.filename().string();
        SCOPED_TRACE(fs::relative(dir, root).string());
        const auto file = [&](std::string_view ext) {
            return read(dir / (name + std::string(ext)));
        };
        aws_credentials credentials{
            "AKIDEXAMPLE", secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), {}, std::nullopt};
        sigv4_scope scope{"service", "us-east-1"};
        if (dir.parent_path().filename() == "post-sts-token") {
            credentials.session_token = secret(std::string(suite_token));
            scope.sign_security_token = name == "post-sts-header-before";
        }
        const auto result = sign(parse_raw(file(".req")), credentials, scope, now);
        EXPECT_EQ(result.canonical_request, file(".creq"));
        EXPECT_EQ(result.string_to_sign, file(".sts"));
        EXPECT_EQ(result.authorization, file(".authz"));
        EXPECT_EQ(header_set(result.request.headers), header_set(parse_raw(file(".sreq")).headers));
    }
}

} // namespace
} // namespace cloudsync::auth::aws
