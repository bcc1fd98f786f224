// What every end-to-end test of cloudsyncd needs: a fresh database in the
// harness's PostgreSQL with two reader roles, cloudsim in-process with two
// registered clients (one per account), a temporary directory with the
// credentials, and helpers to write a config, run the real binary, find the
// port its API listens on and poll for a condition with a deadline.
#pragma once

#include "child_process.hpp"
#include "cloudsim/server.hpp"
#include "cloudsim/test_client.hpp"
#include "support/pg_cluster.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace cloudsync::test {

inline const std::string daemon_binary = CLOUDSYNC_BINARY_DIR "/daemon/cloudsyncd";
inline const std::string azure_tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
// The API token config_yaml() configures, and the header that presents it.
inline const std::string api_token = "e2e-token-0123456789abcdef0123456789";
inline const cloudsim::testing::header_list bearer{{"Authorization", "Bearer " + api_token}};

// The VM rows as a whole: equal means the same rows, byte for byte.
struct inventory_rows {
    std::vector<std::string> native_ids; // ordered
    long long count = 0;
    long long distinct = 0; // distinct native_ids
    std::string digest;     // md5 over every column of every row
};

// Polls `check` every 100 ms until it is true or `timeout` passes.
template <typename Check> bool eventually(Check check, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (check()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return check();
}

// The API port a daemon listening on 127.0.0.1:0 logged at start, or 0.
unsigned short api_port(const child_process& daemon);

class DaemonTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Two accounts over cloudsim: azure-a (tenant platform, subscription 0) and
    // azure-b (tenant data, subscription 1). `api_listen` e.g. "127.0.0.1:0".
    std::string config_yaml(const std::string& api_listen) const;
    std::string write_config(const std::string& text, const std::string& name = "cloudsync.yaml");
    std::vector<std::string> env() const;

    // Runs `cloudsyncd --config FILE --once ARGS...`; returns the exit code.
    int once(const std::string& config, std::vector<std::string> extra = {});
    // Every once() log of this test so far, concatenated.
    std::string once_logs() const;

    // Two Google Cloud projects (seed 3) with 40 instances, 5 buckets, 6 alert
    // policies and 4 Cloud Run services each: what the GCP daemon tests sync.
    static cloudsim::gcp_estate_options two_gcp_projects();
    // cloudsim serves `estate`'s Google Cloud projects to an authorized_user
    // whose credentials file is the credential gcp-key.
    void serve_gcp(const cloudsim::gcp_estate_options& estate);
    // cloudsim serves one AWS account over us-east-1 and eu-west-1 (30
    // instances a region, 6 buckets, estate seed 9), signed in with an IAM
    // user's key that assumes a role with an ExternalId; the key id, secret
    // and external id are the credentials aws-key-id, aws-secret and
    // aws-external-id.
    struct aws_identity {
        std::string account_id, key_id, secret, role_arn, external_id;
    };
    void serve_aws(const aws_identity& who);

    // cloudsim answers the next `count` VM lists (of `subscription` only, when
    // given) after `delay`.
    void delay_vm_lists(std::chrono::milliseconds delay, std::uint32_t count,
                        const std::string& subscription = "");

    long long query_count(const std::string& sql) const;
    long long query_count_as(const std::string& role, const std::string& sql) const;
    // Every row of cloudsync.vms, as inventory_rows sums them up.
    inventory_rows vm_rows() const;

    std::string dir_;
    database_info db_;
    std::unique_ptr<cloudsim::server> sim_;
    std::string sub_a_, sub_b_;
    int log_counter_ = 0;
};

} // namespace cloudsync::test
