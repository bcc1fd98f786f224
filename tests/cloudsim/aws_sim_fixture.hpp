// Shared setup of cloudsim's AWS tests: a started server with two accounts,
// one read with its base key and one that requires assuming its role with an
// ExternalId, and a signing client per test.
#pragma once

#include "cloudsim/aws_test_client.hpp"
#include "cloudsim/server.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace cloudsync::cloudsim::testing {

inline const aws_keys plain_keys{"AKIASIMPLAIN00000001",
                                 "plain/Secret+Key/000000000000000000000001", ""};
inline const aws_keys role_base_keys{"AKIASIMROLEBASE00002",
                                     "role/Base+Secret/00000000000000000000002", ""};
inline const std::string plain_account = "111122223333";
inline const std::string role_account = "444455556666";
inline const std::string role_arn = "arn:aws:iam::444455556666:role/CloudsyncReadOnly";
inline const std::string external_id = "ext-7f3a9c";

inline options aws_sim_options() {
    options o;
    o.aws.seed = 42;
    aws_account_options plain;
    plain.id = plain_account;
    plain.access_key_id = plain_keys.access_key_id;
    plain.secret_access_key = plain_keys.secret_access_key;
    plain.regions = {"us-east-1", "eu-west-1"};
    aws_account_options roled;
    roled.id = role_account;
    roled.access_key_id = role_base_keys.access_key_id;
    roled.secret_access_key = role_base_keys.secret_access_key;
    roled.role_arn = role_arn;
    roled.external_id = external_id;
    roled.regions = {"us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"};
    o.aws.accounts = {plain, roled};
    return o;
}

class aws_sim_test : public ::testing::Test {
protected:
    explicit aws_sim_test(options o = aws_sim_options()) : sim(std::move(o)) {
        sim.start();
        client = std::make_unique<aws_test_client>(sim.port(), plain_keys);
    }

    // AssumeRole with the role account's base key; the session's keys.
    aws_keys assume_role(unsigned duration = 3600) {
        aws_test_client base(sim.port(), role_base_keys);
        const auto r = base.query("sts", "us-east-1",
                                  {{"Action", "AssumeRole"},
                                   {"Version", "2011-06-15"},
                                   {"RoleArn", role_arn},
                                   {"RoleSessionName", "cloudsync"},
                                   {"ExternalId", external_id},
                                   {"DurationSeconds", std::to_string(duration)}});
        EXPECT_EQ(r.result_int(), 200U) << r.body();
        return {xml_text(r.body(), "AccessKeyId"), xml_text(r.body(), "SecretAccessKey"),
                xml_text(r.body(), "SessionToken")};
    }

    server sim;
    std::unique_ptr<aws_test_client> client;
};

} // namespace cloudsync::cloudsim::testing
