#include "http/detail/url.hpp"

#include <gtest/gtest.h>

namespace cloudsync::http::detail {
namespace {

TEST(SplitUrl, HttpsDefaultsAndKeepsQueryOutOfRedacted) {
    auto parts = split_url("https://Management.Azure.com/subscriptions/x?api-version=1&sig=SECRET");
    ASSERT_TRUE(parts) << parts.error();
    EXPECT_TRUE(parts->tls);
    EXPECT_EQ(parts->host, "management.azure.com");
    EXPECT_EQ(parts->port, "443");
    EXPECT_EQ(parts->host_header, "management.azure.com");
    EXPECT_EQ(parts->target, "/subscriptions/x?api-version=1&sig=SECRET");
    EXPECT_EQ(parts->redacted, "https://management.azure.com/subscriptions/x");
    EXPECT_EQ(parts->pool_key(), "https://management.azure.com:443");
    EXPECT_FALSE(parts->ip_literal);
}

TEST(SplitUrl, ExplicitPortEmptyPathAndIpv6) {
    auto parts = split_url("http://[::1]:8080");
    ASSERT_TRUE(parts) << parts.error();
    EXPECT_FALSE(parts->tls);
    EXPECT_EQ(parts->host, "::1");
    EXPECT_EQ(parts->port, "8080");
    EXPECT_EQ(parts->host_header, "[::1]:8080");
    EXPECT_EQ(parts->target, "/");
    EXPECT_TRUE(parts->ip_literal);
}

TEST(SplitUrl, PlainHttpOnlyToLoopback) {
    EXPECT_TRUE(split_url("http://127.0.0.1:1/x"));
    EXPECT_TRUE(split_url("http://127.9.9.9/x"));
    EXPECT_TRUE(split_url("http://LocalHost:99/x"));
    auto remote = split_url("http://example.com/x?token=SECRET");
    ASSERT_FALSE(remote);
    EXPECT_NE(remote.error().find("loopback"), std::string::npos);
    EXPECT_EQ(remote.error().find("SECRET"), std::string::npos);
    EXPECT_FALSE(split_url("http://128.0.0.1/"));
    EXPECT_FALSE(split_url("http://[::2]/"));
    EXPECT_FALSE(split_url("http://localhost.example.com/"));
}

TEST(SplitUrl, InstanceMetadataOverHttpOnlyWhenAskedAndOnlyThatAddress) {
    const auto imds = "http://169.254.169.254/metadata/identity/oauth2/token?resource=x";
    EXPECT_FALSE(split_url(imds));
    EXPECT_TRUE(split_url(imds, true));
    EXPECT_FALSE(split_url("http://169.254.169.254:8080/x", true));
    EXPECT_FALSE(split_url("http://169.254.169.253/x", true));
    EXPECT_FALSE(split_url("http://metadata.example/x", true)) << "names could resolve anywhere";
    EXPECT_FALSE(split_url("http://10.0.0.1/x", true));
}

TEST(SplitUrl, RejectsBadInput) {
    EXPECT_FALSE(split_url("ftp://example.com/x"));
    EXPECT_FALSE(split_url("/relative/path"));
    EXPECT_FALSE(split_url("https:///nohost"));
    EXPECT_FALSE(split_url("https://user:pw@example.com/"));
    EXPECT_FALSE(split_url("https://example.com:99999/"));
    EXPECT_FALSE(split_url("https://example.com:0/"));
    EXPECT_FALSE(split_url("not a url"));
    auto bad = split_url("gopher://h/p?key=SECRET");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().find("SECRET"), std::string::npos);
}

// Found by fuzz_url: Boost.URL took ".com/x" for the path of "https://h:.com/x",
// and the request line became "GET .com/x HTTP/1.1".
TEST(SplitUrl, RejectsAPathThatDoesNotStartWithASlash) {
    const auto bad = split_url("https://cloud.example:.com/monitoring/api?key=SECRET");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(),
              "URL https://cloud.example:.com/monitoring/api has an invalid port or path");
    EXPECT_EQ(split_url("https://cloud.example:/x")->target, "/x");
}

TEST(IsLoopbackHost, Cases) {
    EXPECT_TRUE(is_loopback_host("localhost"));
    EXPECT_TRUE(is_loopback_host("127.0.0.1"));
    EXPECT_TRUE(is_loopback_host("127.255.255.254"));
    EXPECT_TRUE(is_loopback_host("::1"));
    EXPECT_FALSE(is_loopback_host("10.0.0.1"));
    EXPECT_FALSE(is_loopback_host("::"));
    EXPECT_FALSE(is_loopback_host("example.com"));
    EXPECT_FALSE(is_loopback_host(""));
}

} // namespace
} // namespace cloudsync::http::detail
