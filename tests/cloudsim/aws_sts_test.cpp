// STS in cloudsim: AssumeRole with ExternalId and DurationSeconds limits,
// GetCallerIdentity for base and session keys, and every refused signature,
// key or token in STS's <ErrorResponse> shape.
#include "cloudsim/aws_sigv4.hpp"
#include "cloudsim/aws_sim_fixture.hpp"
#include "cloudsim/aws_xml_shape.hpp"
#include "cloudsim/detail/sim_time.hpp"

#include "support/official_examples.hpp"

#include <ctime>
#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

using AwsSts = aws_sim_test;

std::vector<std::pair<std::string, std::string>> assume(std::string duration = "3600",
                                                        std::string external = external_id) {
    return {{"Action", "AssumeRole"}, {"Version", "2011-06-15"},
            {"RoleArn", role_arn},    {"RoleSessionName", "cloudsync"},
            {"ExternalId", external}, {"DurationSeconds", duration}};
}

const std::vector<std::pair<std::string, std::string>> who = {{"Action", "GetCallerIdentity"},
                                                              {"Version", "2011-06-15"}};

std::set<std::string> paths(const std::string& xml) {
    return xml_paths(xml);
}

TEST_F(AwsSts, GetCallerIdentityWithBaseKeysHasTheFixtureShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto r = client->query("sts", "us-east-1", who);
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(paths(r.body()),
              paths(cloudsync::test::example_text("aws/sts.GetCallerIdentity.xml")));
    EXPECT_EQ(xml_text(r.body(), "Account"), plain_account);
    EXPECT_EQ(xml_text(r.body(), "Arn"), "arn:aws:iam::111122223333:user/cloudsync-sim");
    EXPECT_EQ(sim.stats().count("sts.GetCallerIdentity"), 1U);
}

TEST_F(AwsSts, AssumeRoleIssuesSessionKeysInTheFixtureShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    client->set_keys(role_base_keys);
    const auto before = std::time(nullptr);
    const auto r = client->query("sts", "eu-west-1", assume("1800"));
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    // The fixture also has SourceIdentity and PackedPolicySize, sent only when a
    // request asks for them (a source identity, session policies).
    auto expected = paths(cloudsync::test::example_text("aws/sts.AssumeRole.xml"));
    expected.erase("/AssumeRoleResponse/AssumeRoleResult/SourceIdentity");
    expected.erase("/AssumeRoleResponse/AssumeRoleResult/PackedPolicySize");
    EXPECT_EQ(paths(r.body()), expected);
    EXPECT_TRUE(xml_text(r.body(), "AccessKeyId").starts_with("ASIA"));
    const auto token = xml_text(r.body(), "SessionToken");
    EXPECT_NE(token.find('+'), std::string::npos);
    EXPECT_NE(token.find('/'), std::string::npos);
    const auto expiration = xml_text(r.body(), "Expiration");
    const auto expires = *detail::parse_time(expiration);
    EXPECT_NEAR(static_cast<double>(expires - before), 1800.0, 5.0);
    EXPECT_EQ(xml_text(r.body(), "Arn"),
              "arn:aws:sts::444455556666:assumed-role/CloudsyncReadOnly/cloudsync");

    // The session's keys (with their token) identify as the assumed role.
    client->set_keys(
        {xml_text(r.body(), "AccessKeyId"), xml_text(r.body(), "SecretAccessKey"), token});
    const auto me = client->query("sts", "us-east-1", who);
    ASSERT_EQ(me.result_int(), 200U) << me.body();
    EXPECT_EQ(paths(me.body()),
              paths(cloudsync::test::example_text("aws/sts.GetCallerIdentity.xml")));
    EXPECT_EQ(xml_text(me.body(), "Arn"),
              "arn:aws:sts::444455556666:assumed-role/CloudsyncReadOnly/cloudsync");
    EXPECT_TRUE(xml_text(me.body(), "UserId").starts_with("AROA"));
    EXPECT_TRUE(xml_text(me.body(), "UserId").ends_with(":cloudsync"));
    EXPECT_EQ(xml_text(me.body(), "Account"), role_account);
}

TEST_F(AwsSts, ExternalIdIsRequiredAndChecked) {
    client->set_keys(role_base_keys);
    for (const auto& wrong : {std::string("ext-wrong"), std::string("")}) {
        auto params = assume("3600", wrong);
        if (wrong.empty())
            params.erase(params.begin() + 4);
        const auto r = client->query("sts", "us-east-1", params);
        EXPECT_EQ(r.result_int(), 403U);
        EXPECT_EQ(xml_text(r.body(), "Code"), "AccessDenied");
        EXPECT_EQ(xml_text(r.body(), "Type"), "Sender");
        EXPECT_EQ(r.body().find(external_id), std::string::npos);
    }
    // Another account's key may not assume the role.
    client->set_keys(plain_keys);
    EXPECT_EQ(client->query("sts", "us-east-1", assume()).result_int(), 403U);
}

TEST_F(AwsSts, DurationAboveTheRoleMaximumIsAValidationError) {
    client->set_keys(role_base_keys);
    for (const auto* duration : {"3601", "43201", "899", "soon"}) {
        const auto r = client->query("sts", "us-east-1", assume(duration));
        EXPECT_EQ(r.result_int(), 400U) << duration;
        EXPECT_EQ(xml_text(r.body(), "Code"), "ValidationError") << duration;
    }
    EXPECT_EQ(client->query("sts", "us-east-1", assume("900")).result_int(), 200U);
}

TEST_F(AwsSts, RefusedSignaturesKeysAndTokens) {
    // Tampered body after signing.
    client->tamper = [](aws_outgoing& o) { o.body += "&Extra=1"; };
    auto r = client->query("sts", "us-east-1", who);
    EXPECT_EQ(r.result_int(), 403U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "SignatureDoesNotMatch");
    EXPECT_EQ(r.body().find(plain_keys.secret_access_key), std::string::npos);
    client->tamper = nullptr;

    // Wrong secret, unknown key.
    client->set_keys({plain_keys.access_key_id, "not-the-secret", ""});
    EXPECT_EQ(xml_text(client->query("sts", "us-east-1", who).body(), "Code"),
              "SignatureDoesNotMatch");
    client->set_keys({"AKIAUNKNOWN000000000", "whatever", ""});
    r = client->query("sts", "us-east-1", who);
    EXPECT_EQ(r.result_int(), 403U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "InvalidClientTokenId");

    // Scope: signed for another region than the URL's.
    client->set_keys(plain_keys);
    client->tamper = [](aws_outgoing& o) { o.target = "/aws/sts/eu-west-1/"; };
    EXPECT_EQ(xml_text(client->query("sts", "us-east-1", who).body(), "Code"),
              "SignatureDoesNotMatch");
    client->tamper = nullptr;

    // Clock skew beyond 15 minutes.
    client->clock = std::time(nullptr) - 16 * 60;
    EXPECT_EQ(xml_text(client->query("sts", "us-east-1", who).body(), "Code"),
              "SignatureDoesNotMatch");
    client->clock = 0;

    // No Authorization at all.
    client->tamper = [](aws_outgoing& o) {
        std::erase_if(o.headers, [](const auto& h) { return h.first == "Authorization"; });
    };
    r = client->query("sts", "us-east-1", who);
    EXPECT_EQ(r.result_int(), 403U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "MissingAuthenticationToken");
}

TEST_F(AwsSts, SessionKeysNeedTheirTokenAndExpire) {
    const auto session = assume_role();
    client->set_keys({session.access_key_id, session.secret_access_key, ""});
    EXPECT_EQ(xml_text(client->query("sts", "us-east-1", who).body(), "Code"),
              "InvalidClientTokenId");
    client->set_keys(
        {session.access_key_id, session.secret_access_key, session.session_token + "x"});
    EXPECT_EQ(xml_text(client->query("sts", "us-east-1", who).body(), "Code"),
              "InvalidClientTokenId");
    client->set_keys(session);
    EXPECT_EQ(client->query("sts", "us-east-1", who).result_int(), 200U);
    sim.expire_aws_sessions();
    const auto r = client->query("sts", "us-east-1", who);
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "ExpiredToken");
    EXPECT_EQ(r.body().find(session.session_token), std::string::npos);
}

TEST_F(AwsSts, ErrorsHaveTheQueryErrorShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto r = client->query("sts", "us-east-1",
                                 {{"Action", "GetFederationToken"}, {"Version", "2011-06-15"}});
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(paths(r.body()),
              paths(cloudsync::test::example_text("aws/query.Error.protocol-test.xml")));
    EXPECT_EQ(xml_text(r.body(), "Code"), "InvalidAction");
}

} // namespace
} // namespace cloudsync::cloudsim::testing
