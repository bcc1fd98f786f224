// The instance profile source over loopback: a scripted server plays IMDSv2 —
// it issues a session token on PUT, refuses GETs without it (401, as IMDS does
// when v2 is required), lists one role and answers with the EC2 User Guide's
// credentials example — and the test checks the three calls, single flight,
// the refresh 5 minutes before Expiration on a fake clock, and the errors.
#include "auth/aws/instance_profile.hpp"
#include "auth/error.hpp"
#include "fake_clock.hpp"
#include "http/test_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace cloudsync::auth::aws {
namespace {

namespace asio = boost::asio;
using namespace std::chrono;
using http::test::received;
using http::test::reply;

// The example output of the EC2 User Guide, "Retrieve security credentials from
// instance metadata" (see aws_imds_test.cpp).
constexpr std::string_view user_guide_example = R"({
  "Code" : "Success",
  "LastUpdated" : "2012-04-26T16:39:16Z",
  "Type" : "AWS-HMAC",
  "AccessKeyId" : "ASIAIOSFODNN7EXAMPLE",
  "SecretAccessKey" : "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "Token" : "token",
  "Expiration" : "2017-05-17T15:09:54Z"
})";

reply imds(const received& req, bool role_attached) {
    if (req.method == "PUT" && req.target == "/latest/api/token")
        return req.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600"
                   ? reply{200, {}, "imds-session-token"}
                   : reply{400, {}, ""};
    if (req.header("X-aws-ec2-metadata-token") != "imds-session-token")
        return reply{401, {}, ""};
    if (req.target == "/latest/meta-data/iam/security-credentials/")
        return role_attached ? reply{200, {}, "s3access"} : reply{404, {}, ""};
    if (req.target == "/latest/meta-data/iam/security-credentials/s3access")
        return reply{200, {{"Content-Type", "text/plain"}}, std::string(user_guide_example)};
    return reply{404, {}, ""};
}

class AwsInstanceProfile : public ::testing::Test {
protected:
    AwsInstanceProfile() {
        // Six hours before the example's Expiration (2017-05-17T15:09:54Z).
        clock->set_system(sys_days{year{2017} / 5 / 17} + 9h + 9min + 54s);
    }

    std::shared_ptr<instance_profile> source(const http::test::test_server& server) {
        return std::make_shared<instance_profile>(client,
                                                  instance_profile_options{server.url("/"), clock});
    }

    aws_credentials get(credential_source& s) { return http::test::run_sync(io, s.get()); }

    asio::io_context io;
    std::shared_ptr<test::fake_clock> clock = std::make_shared<test::fake_clock>();
    std::shared_ptr<http::client> client =
        std::make_shared<http::client>(io.get_executor(), http::client_options{});
};

TEST_F(AwsInstanceProfile, ConcurrentCallersShareOneMetadataRound) {
    http::test::test_server server([](const received& req, int) {
        reply r = imds(req, true);
        r.delay = milliseconds(20);
        return r;
    });
    const auto profile = source(server);
    std::vector<std::string> keys;
    for (int i = 0; i < 10; ++i)
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                const auto got = co_await profile->get();
                keys.push_back(got.access_key_id + "/" + got.session_token.reveal());
            },
            asio::detached);
    io.run();
    EXPECT_EQ(keys, std::vector<std::string>(10, "ASIAIOSFODNN7EXAMPLE/token"));
    std::vector<std::string> calls;
    for (const auto& req : server.log())
        calls.push_back(req.method + " " + req.target);
    EXPECT_EQ(calls, (std::vector<std::string>{
                         "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                         "GET /latest/meta-data/iam/security-credentials/s3access"}));
}

TEST_F(AwsInstanceProfile, KeysAreRefreshedFiveMinutesBeforeTheirExpiration) {
    http::test::test_server server([](const received& req, int) { return imds(req, true); });
    const auto profile = source(server);
    get(*profile);
    clock->advance(6h - 5min - 1s);
    get(*profile);
    EXPECT_EQ(profile->fetch_count(), 1u);
    clock->advance(2s);
    get(*profile);
    EXPECT_EQ(profile->fetch_count(), 2u);
    EXPECT_EQ(server.requests(), 6);
}

TEST_F(AwsInstanceProfile, NoRoleAttachedIsAClearError) {
    http::test::test_server server([](const received& req, int) { return imds(req, false); });
    const auto profile = source(server);
    try {
        get(*profile);
        ADD_FAILURE() << "no error";
    } catch (const auth_error& e) {
        EXPECT_NE(std::string(e.what()).find("HTTP 404 (no IAM role is attached to this instance)"),
                  std::string::npos)
            << e.what();
        EXPECT_EQ(std::string(e.what()).find("imds-session-token"), std::string::npos);
    }
}

TEST_F(AwsInstanceProfile, RefusedTokenRequestIsAClearError) {
    http::test::test_server server([](const received&, int) { return reply{403, {}, ""}; });
    const auto profile = source(server);
    try {
        get(*profile);
        ADD_FAILURE() << "no error";
    } catch (const auth_error& e) {
        EXPECT_NE(std::string(e.what()).find("/latest/api/token failed: HTTP 403 (no IMDSv2 "
                                             "session token)"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(AwsInstanceProfile, RefusesAnEndpointItMayNotCall) {
    EXPECT_THROW(instance_profile(client, {"http://imds.example.com", clock}), auth_error);
    EXPECT_THROW(instance_profile(nullptr, {}), auth_error);
    EXPECT_EQ(instance_profile(client, {}).endpoint(), "http://169.254.169.254");
}

} // namespace
} // namespace cloudsync::auth::aws
