// The cloudsim executable with an AWS account from the command line: the
// account, its role and sizes come up as asked and serve signed requests.
#include "cloudsim/aws_test_client.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace cloudsync::cloudsim::testing {
namespace {

TEST(CloudsimExecutable, ServesAnAwsAccountFromTheCommandLine) {
    const std::string binary = std::string(CLOUDSYNC_BINARY_DIR) + "/tests/cloudsim/cloudsim";
    ASSERT_TRUE(std::filesystem::exists(binary)) << binary;
    const auto port_file =
        std::filesystem::temp_directory_path() / ("cloudsim-aws-port-" + std::to_string(getpid()));
    std::filesystem::remove(port_file);
    const aws_keys base{"AKIACLI0000000000001", "cli/Secret+000000000000000000000000000001", ""};
    const std::string role = "arn:aws:iam::210987654321:role/CloudsyncReadOnly";
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        execl(binary.c_str(), binary.c_str(), "--tenant-id", "t", "--client-id", "c",
              "--client-secret", "s", "--port-file", port_file.c_str(), "--aws-account",
              "210987654321", "--aws-access-key-id", base.access_key_id.c_str(),
              "--aws-secret-access-key", base.secret_access_key.c_str(), "--aws-role-arn",
              role.c_str(), "--aws-external-id", "cli-ext", "--aws-regions", "us-east-1,eu-west-1",
              "--aws-instances-per-region", "7", static_cast<char*>(nullptr));
        _exit(127);
    }
    unsigned short port = 0;
    for (int i = 0; i < 100 && port == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::ifstream in(port_file);
        in >> port;
    }
    ASSERT_NE(port, 0) << "no port file";
    aws_test_client client(port, base);
    const auto assumed = client.query("sts", "us-east-1",
                                      {{"Action", "AssumeRole"},
                                       {"Version", "2011-06-15"},
                                       {"RoleArn", role},
                                       {"RoleSessionName", "cli"},
                                       {"ExternalId", "cli-ext"}});
    ASSERT_EQ(assumed.result_int(), 200U) << assumed.body();
    client.set_keys({xml_text(assumed.body(), "AccessKeyId"),
                     xml_text(assumed.body(), "SecretAccessKey"),
                     xml_text(assumed.body(), "SessionToken")});
    const auto r = client.query("ec2", "eu-west-1",
                                {{"Action", "DescribeInstances"}, {"Version", "2016-11-15"}});
    EXPECT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(xml_texts(r.body(), "instanceId").size(), 7U);
    const auto regions = client.query("ec2", "us-east-1",
                                      {{"Action", "DescribeRegions"}, {"Version", "2016-11-15"}});
    EXPECT_EQ(xml_texts(regions.body(), "regionName"),
              (std::vector<std::string>{"us-east-1", "eu-west-1"}));
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    std::filesystem::remove(port_file);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
