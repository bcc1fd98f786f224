// The AssumeRole source over loopback: a scripted server answers with the STS
// API Reference's sample answer (sts.AssumeRole.xml) or botocore's STS error
// file, and the test checks what arrives — one signed STS call (base keys,
// service sts) carrying the role and ExternalId for any number of concurrent
// callers, a refresh 5 minutes before the session's Expiration on a fake
// clock, errors with STS's code and no secret — and that GetCallerIdentity is
// signed with the assumed session.
#include "auth/aws/assume_role.hpp"
#include "auth/aws/sts.hpp"
#include "auth/error.hpp"
#include "collectors/fixture.hpp"
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

const std::string role_arn = "arn:aws:iam::123456789012:role/demo";
const std::string external_id = "ext-id-Secret+/=";

class AwsAssumeRole : public ::testing::Test {
protected:
    AwsAssumeRole() {
        // One hour before the sample session's Expiration (2019-11-09T13:34:41Z).
        clock->set_system(sys_days{year{2019} / 11 / 9} + 12h + 34min + 41s);
    }

    std::shared_ptr<assume_role> source(const http::test::test_server& server) {
        assume_role_options o;
        o.endpoint = server.url("/aws/sts/us-east-1");
        o.region = "us-east-1";
        o.role = {role_arn, "cloudsyncd", secret(external_id), 3600s};
        o.clock = clock;
        return std::make_shared<assume_role>(client, base, std::move(o));
    }

    aws_credentials get(credential_source& s) { return http::test::run_sync(io, s.get()); }

    std::string failure(credential_source& s) {
        try {
            get(s);
        } catch (const auth_error& e) {
            return e.what();
        }
        return "no error";
    }

    asio::io_context io;
    std::shared_ptr<test::fake_clock> clock = std::make_shared<test::fake_clock>();
    std::shared_ptr<http::client> client =
        std::make_shared<http::client>(io.get_executor(), http::client_options{});
    std::shared_ptr<static_credentials> base = std::make_shared<static_credentials>(
        aws_credentials{"AKIDBASEKEY", secret("base-secret-key"), {}, {}});
};

reply sample_session() {
    return {200, {{"Content-Type", "text/xml"}}, test::aws_fixture("sts.AssumeRole.xml")};
}

TEST_F(AwsAssumeRole, ConcurrentCallersShareOneSignedStsCall) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    http::test::test_server server([](const received&, int) {
        reply r = sample_session();
        r.delay = milliseconds(50); // callers overlap the call
        return r;
    });
    const auto role = source(server);
    std::vector<std::string> keys;
    for (int i = 0; i < 20; ++i)
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
                keys.push_back((co_await role->get()).access_key_id);
            },
            asio::detached);
    io.run();
    EXPECT_EQ(keys, std::vector<std::string>(20, "ASIAIOSFODNN7EXAMPLE"));
    ASSERT_EQ(server.requests(), 1);
    EXPECT_EQ(role->fetch_count(), 1u);
    const auto sent = server.log().front();
    EXPECT_EQ(sent.method, "POST");
    EXPECT_EQ(sent.target, "/aws/sts/us-east-1");
    EXPECT_EQ(sent.body, "Action=AssumeRole&Version=2011-06-15"
                         "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
                         "&RoleSessionName=cloudsyncd&ExternalId=ext-id-Secret%2B%2F%3D"
                         "&DurationSeconds=3600");
    EXPECT_EQ(sent.header("Authorization")
                  .rfind("AWS4-HMAC-SHA256 Credential=AKIDBASEKEY/20191109/us-east-1/sts/"
                         "aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=",
                         0),
              0u);
    EXPECT_EQ(sent.header("X-Amz-Date"), "20191109T123441Z");
}

TEST_F(AwsAssumeRole, SessionIsRefreshedFiveMinutesBeforeItsExpiration) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    http::test::test_server server([](const received&, int) { return sample_session(); });
    const auto role = source(server);
    EXPECT_EQ(get(*role).access_key_id, "ASIAIOSFODNN7EXAMPLE");
    clock->advance(3299s); // 5 min 1 s before expiry: cached
    get(*role);
    EXPECT_EQ(server.requests(), 1);
    clock->advance(2s); // inside the last 5 minutes: one refresh
    get(*role);
    get(*role);
    EXPECT_EQ(server.requests(), 2);
}

TEST_F(AwsAssumeRole, RefusedSessionIsForgottenOnlyWhenItIsTheCachedOne) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    http::test::test_server server([](const received&, int) { return sample_session(); });
    const auto role = source(server);
    get(*role);
    role->invalidate("ASIAOLDERKEY"); // an older session was refused: keep this one
    get(*role);
    EXPECT_EQ(server.requests(), 1);
    role->invalidate("ASIAIOSFODNN7EXAMPLE");
    get(*role);
    EXPECT_EQ(server.requests(), 2);
}

TEST_F(AwsAssumeRole, StsErrorIsAnAuthErrorWithCodeAndNoSecret) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    http::test::test_server server([](const received&, int) {
        return reply{403,
                     {{"Content-Type", "text/xml"}},
                     test::aws_fixture("sts.Error.AccessDenied.botocore.xml")};
    });
    const auto role = source(server);
    const std::string message = failure(*role);
    EXPECT_NE(message.find("HTTP 403 AccessDenied: GetSessionToken call failed"), std::string::npos)
        << message;
    EXPECT_NE(message.find("/aws/sts/us-east-1"), std::string::npos) << message;
    for (const std::string_view hidden : {"ext-id", "base-secret-key", "ExternalId="})
        EXPECT_EQ(message.find(hidden), std::string::npos) << message;
    EXPECT_EQ(failure(*role), message); // the next call asks again
    EXPECT_EQ(server.requests(), 2);
}

TEST_F(AwsAssumeRole, CallerIdentityIsAskedWithTheAssumedSession) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    http::test::test_server server([](const received& req, int) {
        if (req.body.starts_with("Action=GetCallerIdentity"))
            return reply{200,
                         {{"Content-Type", "text/xml"}},
                         test::aws_fixture("sts.GetCallerIdentity.xml")};
        return sample_session();
    });
    const auto role = source(server);
    const auto identity =
        http::test::run_sync(io, get_caller_identity(client, role, server.url("/aws/sts/us-east-1"),
                                                     "us-east-1", clock));
    EXPECT_EQ(identity.account, "123456789012");
    ASSERT_EQ(server.requests(), 2);
    const auto asked = server.log().back();
    EXPECT_EQ(asked.body, "Action=GetCallerIdentity&Version=2011-06-15");
    EXPECT_EQ(asked.header("Authorization")
                  .rfind("AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20191109/us-east-1/sts/"
                         "aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                         "x-amz-security-token, Signature=",
                         0),
              0u);
    EXPECT_EQ(asked.header("X-Amz-Security-Token").substr(0, 11), "AQoDYXdzEPT");
}

TEST_F(AwsAssumeRole, RefusesIncompleteOptions) {
    assume_role_options o;
    o.endpoint = "https://sts.us-east-1.amazonaws.com";
    o.region = "us-east-1";
    o.role = {role_arn, "cloudsyncd", {}, 3600s};
    EXPECT_NO_THROW(assume_role(client, base, o));
    EXPECT_THROW(assume_role(client, nullptr, o), auth_error);
    auto no_region = o;
    no_region.region.clear();
    EXPECT_THROW(assume_role(client, base, no_region), auth_error);
    auto too_long = o;
    too_long.role.duration = 43201s;
    EXPECT_THROW(assume_role(client, base, too_long), auth_error);
}

} // namespace
} // namespace cloudsync::auth::aws
