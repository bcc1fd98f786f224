// sigv4_authorizer: signs with the source's credentials at the clock's time (the
// result equals sign() on the same inputs), shares one source among services and
// regions, and routes a refusal to the source with the key it was signed with.
// Static credentials refuse empty keys without naming a secret.
#include "auth/aws/sigv4_authorizer.hpp"
#include "auth/error.hpp"
#include "fake_clock.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <vector>

namespace cloudsync::auth::aws {
namespace {

namespace asio = boost::asio;

// Records what the authorizers ask of it; hands out fixed keys.
class recording_source final : public credential_source {
public:
    asio::awaitable<aws_credentials> get() override {
        ++gets;
        co_return aws_credentials{"ASIAKEY", secret("secret-key"), secret("session"), {}};
    }
    void invalidate() noexcept override { invalidated.emplace_back("(all)"); }
    void invalidate(std::string_view access_key_id) noexcept override {
        invalidated.emplace_back(access_key_id);
    }
    int gets = 0;
    std::vector<std::string> invalidated;
};

http::request authorize(authorizer& signer, http::request req) {
    asio::io_context io;
    http::request out;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { out = co_await signer.authorize(std::move(req)); },
        asio::detached);
    io.run();
    return out;
}

std::string header(const http::request& req, std::string_view name) {
    for (const auto& [key, value] : req.headers)
        if (key == name)
            return value;
    return "(absent)";
}

TEST(AwsSigv4Authorizer, SignsWithTheSourcesCredentialsAtTheClocksTime) {
    const auto clock = std::make_shared<test::fake_clock>();
    clock->advance(std::chrono::seconds(90));
    const auto source = std::make_shared<recording_source>();
    sigv4_authorizer ec2(source, {"ec2", "eu-west-1"}, clock);
    sigv4_authorizer monitoring(source, {"monitoring", "us-east-1"}, clock);
    http::request req;
    req.url = "http://127.0.0.1:9000/aws/ec2/eu-west-1?Action=DescribeRegions&Version=2016-11-15";
    const auto signed_req = authorize(ec2, req);
    const auto expected =
        sign(req, aws_credentials{"ASIAKEY", secret("secret-key"), secret("session"), {}},
             {"ec2", "eu-west-1"}, clock->system());
    EXPECT_EQ(header(signed_req, "X-Amz-Date"), "20260101T000130Z");
    EXPECT_EQ(header(signed_req, "Authorization"), expected.authorization);
    EXPECT_EQ(header(signed_req, "Host"), "127.0.0.1:9000");
    EXPECT_EQ(header(signed_req, "X-Amz-Security-Token"), "session");
    EXPECT_NE(header(authorize(monitoring, req), "Authorization").find("/us-east-1/monitoring/"),
              std::string::npos);
    EXPECT_EQ(source->gets, 2); // one shared source serves both
}

TEST(AwsSigv4Authorizer, RefusalIsRoutedToTheSourceWithTheKeyUsed) {
    const auto source = std::make_shared<recording_source>();
    sigv4_authorizer signer(source, {"sts", "us-east-1"});
    http::request req;
    req.url = "https://sts.us-east-1.amazonaws.com/";
    const auto signed_req = authorize(signer, req);
    signer.invalidate(signed_req);
    signer.invalidate(req); // never signed: nothing to compare, forget
    signer.invalidate();
    EXPECT_EQ(source->invalidated, (std::vector<std::string>{"ASIAKEY", "(all)", "(all)"}));
}

TEST(AwsSigv4Authorizer, RefusesIncompleteParts) {
    EXPECT_THROW(sigv4_authorizer(nullptr, {"ec2", "us-east-1"}), auth_error);
    EXPECT_THROW(sigv4_authorizer(std::make_shared<recording_source>(), {"ec2", ""}), auth_error);
}

TEST(AwsStaticCredentials, HandsOutTheConfiguredKeysAndRefusesEmptyOnes) {
    const auto keys = std::make_shared<static_credentials>(
        aws_credentials{"AKIDEXAMPLE", secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), {}, {}});
    sigv4_authorizer signer(keys, {"ec2", "us-east-1"});
    http::request req;
    req.url = "https://ec2.us-east-1.amazonaws.com/";
    const auto signed_req = authorize(signer, req);
    EXPECT_EQ(
        header(signed_req, "Authorization").rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", 0),
        0u);
    EXPECT_EQ(header(signed_req, "X-Amz-Security-Token"), "(absent)");
    try {
        static_credentials({"AKIDEXAMPLE", secret(), {}, {}});
        ADD_FAILURE() << "empty secret accepted";
    } catch (const auth_error& e) {
        EXPECT_NE(std::string(e.what()).find("secret access key are required"), std::string::npos);
    }
}

} // namespace
} // namespace cloudsync::auth::aws
