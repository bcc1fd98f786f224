// cloudsyncd --once with an AWS account beside the Azure ones, against
// cloudsim's STS, EC2, S3, ECS and CloudWatch (every request's SigV4 checked):
// the role is assumed with its ExternalId, every kind lands with its columns
// (subnets joining their VPCs, metric samples joining their VMs), no key,
// session token or external id reaches a log or the database, a configured
// region the account has not enabled fails only its own scope (the run is
// partial and names it), and the changes of a mutated estate are recorded
// while an unchanged resync records none.
#include "cloudsim/aws_estate.hpp"
#include "daemon_fixture.hpp"

#include <fstream>

namespace cloudsync::test {
namespace {

constexpr const char* account_id = "444455556666";
constexpr const char* base_key = "AKIADAEMONBASE000001";
constexpr const char* base_secret = "daemon/Base+Secret/000000000000000000001";
constexpr const char* role = "arn:aws:iam::444455556666:role/CloudsyncReadOnly";
constexpr const char* external = "daemon-ext-5c1d";

class AwsOnceTest : public DaemonTest {
protected:
    void SetUp() override {
        DaemonTest::SetUp();
        serve_aws({account_id, base_key, base_secret, role, external});
    }

    std::string config_with_aws(const std::string& regions = "[us-east-1, eu-west-1]") {
        std::string text = config_yaml("127.0.0.1:0");
        const auto sim = sim_->base_url();
        std::string account =
            "  - name: aws-a\n    tenant: platform\n    provider: aws\n"
            "    collectors: [vms, networks, storage, containers, metrics, alerts]\n    aws:\n"
            "      access_key_id: { credential: aws-key-id }\n"
            "      secret_access_key: { credential: aws-secret }\n"
            "      role_arn: \"" +
            std::string(role) +
            "\"\n"
            "      external_id: { credential: aws-external-id }\n"
            "      regions: " +
            regions + "\n      endpoints:\n";
        for (const char* api : {"sts", "ec2", "s3", "monitoring", "ecs"})
            account +=
                std::string("        ") + api + ": \"" + sim + "/aws/" + api + "/{region}\"\n";
        text.insert(text.find("schedule:"), account);
        return write_config(text);
    }

    long long aws_count(const std::string& table, const std::string& where = "true") const {
        return query_count("SELECT count(*) FROM cloudsync." + table +
                           " WHERE account = 'aws-a' AND " + where);
    }

    long long instances() const {
        long long n = 0;
        for (const auto& r : sim_->aws_snapshot()->accounts()[0].regions)
            n += static_cast<long long>(r.instances.size());
        return n;
    }

};

TEST_F(AwsOnceTest, OnceSyncsEveryKindThroughTheAssumedRole) {
    const auto config = config_with_aws();
    ASSERT_EQ(once(config, {"--account", "aws-a"}), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'succeeded' "
                          "AND account = 'aws-a'"),
              6);
    EXPECT_EQ(aws_count("vms"), instances());
    EXPECT_EQ(aws_count("vms", "native_id LIKE 'arn:aws:ec2:%:" + std::string(account_id) +
                                   ":instance/i-%' AND size <> '' AND region IN "
                                   "('us-east-1', 'eu-west-1') AND cardinality(private_ips) > 0"),
              instances());
    EXPECT_GT(aws_count("networks"), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.subnets s JOIN cloudsync.networks n "
                          "ON s.network_id = n.native_id WHERE s.account = 'aws-a'"),
              aws_count("subnets"));
    EXPECT_GT(aws_count("subnets"), 0);
    EXPECT_EQ(aws_count("storage", "type = 'bucket' AND native_id LIKE 'arn:aws:s3:::%'"), 6);
    EXPECT_GT(aws_count("containers"), 0);
    EXPECT_GT(aws_count("alerts"), 0);
    EXPECT_GT(query_count("SELECT count(*) FROM cloudsync.metric_samples m JOIN cloudsync.vms v "
                          "USING (native_id) WHERE v.account = 'aws-a' AND m.metric = "
                          "'cpu_percent'"),
              0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.metric_samples m WHERE m.account = "
                          "'aws-a' AND NOT EXISTS (SELECT 1 FROM cloudsync.vms v WHERE "
                          "v.native_id = m.native_id)"),
              0);
    const auto log = once_logs();
    EXPECT_FALSE(log.empty());
    for (const char* secret : {base_secret, external})
        EXPECT_EQ(log.find(secret), std::string::npos) << "a secret in the log";
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE account = 'aws-a' AND "
                          "(coalesce(error, '') LIKE '%" +
                          std::string(external) + "%')"),
              0);
}

TEST_F(AwsOnceTest, TheInstanceProfileSignsInThroughImdsV2) {
    sim_->set_aws_instance_profile_account(account_id);
    std::string text = config_yaml("127.0.0.1:0");
    const auto sim = sim_->base_url();
    std::string account = "  - name: aws-a\n    tenant: platform\n    provider: aws\n"
                          "    collectors: [vms]\n    aws:\n      instance_profile: { endpoint: \"" +
                          sim + "\" }\n      regions: [us-east-1, eu-west-1]\n      endpoints:\n";
    for (const char* api : {"sts", "ec2", "s3", "monitoring", "ecs"})
        account += std::string("        ") + api + ": \"" + sim + "/aws/" + api + "/{region}\"\n";
    text.insert(text.find("schedule:"), account);
    ASSERT_EQ(once(write_config(text), {"--account", "aws-a"}), 0);
    EXPECT_EQ(aws_count("vms"), instances());
    EXPECT_GE(sim_->stats().count("awsImds"), 3U); // token, role name, credentials
}

TEST_F(AwsOnceTest, ARegionNotEnabledFailsOnlyItsScope) {
    const auto config = config_with_aws("[us-east-1, eu-west-1, sa-east-1]");
    EXPECT_EQ(once(config, {"--account", "aws-a", "--collector", "vms"}), 1);
    EXPECT_EQ(aws_count("vms"), instances()) << "the enabled regions' rows are written";
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'partial' "
                          "AND account = 'aws-a' AND failed_scopes->0->>'scope' = 'sa-east-1'"),
              1);
}

TEST_F(AwsOnceTest, ChangesAfterMutationsAreRecordedAndAnUnchangedResyncRecordsNone) {
    const auto config = config_with_aws();
    for (const char* kind : {"vms", "storage"})
        ASSERT_EQ(once(config, {"--account", "aws-a", "--collector", kind}), 0) << kind;
    const auto changes = [&](const std::string& table, const std::string& change) {
        return query_count("SELECT count(*) FROM cloudsync.changes WHERE account = 'aws-a' AND "
                           "table_name = '" +
                           table + "' AND change = '" + change + "'");
    };
    const auto all = [&] {
        return query_count("SELECT count(*) FROM cloudsync.changes WHERE account = 'aws-a'");
    };
    const auto before = all();
    for (const char* kind : {"vms", "storage"})
        ASSERT_EQ(once(config, {"--account", "aws-a", "--collector", kind}), 0) << kind;
    EXPECT_EQ(all(), before) << "an unchanged resync recorded changes";

    const auto estate = sim_->aws_snapshot();
    const auto& region = estate->accounts()[0].regions[0];
    const auto first = cloudsim::aws_instance_id(region.instances[0]);
    const auto second = cloudsim::aws_instance_id(region.instances[1]);
    cloudsim::aws_mutation removed;
    removed.region = region.name;
    removed.instance_id = first;
    removed.remove_instance = true;
    sim_->mutate_aws(removed);
    cloudsim::aws_mutation stopped;
    stopped.region = region.name;
    stopped.instance_id = second;
    stopped.state = region.instances[1].state.name == "stopped" ? "running" : "stopped";
    sim_->mutate_aws(stopped);
    cloudsim::aws_mutation added;
    added.region = region.name;
    added.add_instances = 2;
    sim_->mutate_aws(added);
    cloudsim::aws_mutation bucket;
    bucket.bucket =
        cloudsim::aws_bucket_name(estate->accounts()[0], estate->accounts()[0].buckets[0]);
    bucket.remove_bucket = true;
    sim_->mutate_aws(bucket);

    const auto added_before = changes("vms", "added");
    for (const char* kind : {"vms", "storage"})
        ASSERT_EQ(once(config, {"--account", "aws-a", "--collector", kind}), 0) << kind;
    EXPECT_EQ(changes("vms", "removed"), 1);
    EXPECT_EQ(changes("vms", "modified"), 1);
    EXPECT_EQ(changes("vms", "added") - added_before, 2);
    EXPECT_EQ(changes("storage", "removed"), 1);
    EXPECT_EQ(aws_count("vms"), instances());
    EXPECT_EQ(aws_count("vms", "native_id LIKE '%/" + first + "'"), 0);
    EXPECT_EQ(aws_count("vms", "native_id LIKE '%/" + second + "' AND native_state = '" +
                                   stopped.state + "'"),
              1);
}

} // namespace
} // namespace cloudsync::test
