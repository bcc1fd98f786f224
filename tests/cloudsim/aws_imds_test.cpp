// IMDSv2 in cloudsim: the token PUT is required, the instance profile's role
// is listed and its temporary keys sign data requests like an AssumeRole
// session's.
#include "cloudsim/aws_sim_fixture.hpp"

#include <boost/json.hpp>

namespace cloudsync::cloudsim::testing {
namespace {

namespace http = boost::beast::http;

options imds_options() {
    auto o = aws_sim_options();
    o.aws_instance_profile_account = role_account;
    return o;
}

class AwsImds : public aws_sim_test {
protected:
    AwsImds() : aws_sim_test(imds_options()), http_(sim.port()) {}
    test_client http_;
};

TEST_F(AwsImds, TokenFirstThenTheInstanceProfileCredentials) {
    const std::string list = "/latest/meta-data/iam/security-credentials/";
    EXPECT_EQ(http_.get(list).result_int(), 401U); // IMDSv1: refused
    EXPECT_EQ(http_.request(http::verb::put, "/latest/api/token", "", {}).result_int(), 400U);
    EXPECT_EQ(http_
                  .request(http::verb::put, "/latest/api/token", "",
                           {{"X-aws-ec2-metadata-token-ttl-seconds", "21601"}})
                  .result_int(),
              400U);
    const auto token = http_.request(http::verb::put, "/latest/api/token", "",
                                     {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}});
    ASSERT_EQ(token.result_int(), 200U);
    ASSERT_FALSE(token.body().empty());
    EXPECT_EQ(http_.get(list, {{"X-aws-ec2-metadata-token", "forged"}}).result_int(), 401U);

    const auto role = http_.get(list, {{"X-aws-ec2-metadata-token", token.body()}});
    ASSERT_EQ(role.result_int(), 200U);
    EXPECT_EQ(role.body(), "CloudsyncReadOnly");
    EXPECT_EQ(http_.get(list + "other", {{"X-aws-ec2-metadata-token", token.body()}}).result_int(),
              404U);

    const auto creds = http_.get(list + role.body(), {{"X-aws-ec2-metadata-token", token.body()}});
    ASSERT_EQ(creds.result_int(), 200U);
    const auto body = boost::json::parse(creds.body());
    EXPECT_EQ(body.at("Code").as_string(), "Success");
    EXPECT_EQ(body.at("Type").as_string(), "AWS-HMAC");
    EXPECT_TRUE(body.at("Expiration").as_string().ends_with("Z"));

    // The keys read the role's account, which refuses its base key.
    client->set_keys({std::string(body.at("AccessKeyId").as_string()),
                      std::string(body.at("SecretAccessKey").as_string()),
                      std::string(body.at("Token").as_string())});
    const auto r = client->query("ec2", "ap-southeast-2",
                                 {{"Action", "DescribeRegions"}, {"Version", "2016-11-15"}});
    EXPECT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(xml_texts(r.body(), "regionName").size(), 4U);
    EXPECT_EQ(sim.stats().count("awsImds"), 8U);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
