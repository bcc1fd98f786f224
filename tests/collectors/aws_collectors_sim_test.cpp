// The AWS collectors against cloudsim over loopback, every request signed
// with SigV4 and checked by the sim: an account read through a role assumed
// with its ExternalId (once for every service and region), every kind's rows
// with the columns the sim generated, regions discovered with DescribeRegions,
// GetMetricData's 500-query batches, S3's per-region listing, and a region
// whose reading fails ending only its own scope.
#include "auth/aws/assume_role.hpp"
#include "auth/aws/credentials.hpp"
#include "cloudsim/aws_estate.hpp"
#include "cloudsim/aws_sim_fixture.hpp"
#include "collectors/aws/alarm_collector.hpp"
#include "collectors/aws/container_collector.hpp"
#include "collectors/aws/metric_queries.hpp"
#include "collectors/aws/metrics_collector.hpp"
#include "collectors/aws/module.hpp"
#include "collectors/aws/network_collector.hpp"
#include "collectors/aws/storage_collector.hpp"
#include "collectors/aws/vm_collector.hpp"
#include "core/metrics.hpp"
#include "monitor_sim_sink.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cloudsync::collectors::aws {
namespace {

namespace sim = cloudsim::testing;

class AwsCollectorSim : public test::sim_fixture {
protected:
    explicit AwsCollectorSim(cloudsim::options o = make_options()) : sim_fixture(std::move(o)) {}

    static cloudsim::options make_options() {
        auto o = options(5);
        o.aws = sim::aws_sim_options().aws;
        o.aws.accounts[1].sizes.instances_per_region = 160; // 2 GetMetricData calls a region
        o.aws_page_size = 7;
        return o;
    }

    std::string endpoint(const char* service) const {
        return sim.base_url() + "/aws/" + service + "/{region}";
    }

    // The role account, its role assumed with the base key and ExternalId.
    std::shared_ptr<account_access> role_account(std::vector<std::string> regions = {}) {
        auth::aws::aws_credentials base;
        base.access_key_id = sim::role_base_keys.access_key_id;
        base.secret_access_key = secret(sim::role_base_keys.secret_access_key);
        auth::aws::assume_role_options o;
        o.endpoint = sim.base_url() + "/aws/sts/us-east-1";
        o.region = "us-east-1";
        o.role.role_arn = sim::role_arn;
        o.role.external_id = secret(sim::external_id);
        role = std::make_shared<auth::aws::assume_role>(
            http_client, std::make_shared<auth::aws::static_credentials>(base), o);
        return account(role, std::move(regions));
    }

    std::shared_ptr<account_access> account(std::shared_ptr<auth::aws::credential_source> source,
                                            std::vector<std::string> regions) {
        account_options o;
        o.endpoints.sts = endpoint("sts");
        o.endpoints.ec2 = endpoint("ec2");
        o.endpoints.s3 = endpoint("s3");
        o.endpoints.monitoring = endpoint("monitoring");
        o.endpoints.ecs = endpoint("ecs");
        o.regions = std::move(regions);
        o.credentials = std::move(source);
        return std::make_shared<account_access>(common::default_engine(http_client), o);
    }

    std::shared_ptr<test::recording_sink> collect(collector& c) {
        auto sink = std::make_shared<test::recording_sink>(1000);
        test::run_coroutine(io, c.collect(sink));
        return sink;
    }

    const cloudsim::aws_account& role_estate() const {
        return *sim.aws_snapshot()->find_account(sim::role_account);
    }

    std::shared_ptr<auth::aws::assume_role> role;
};

std::string instance_arn(const cloudsim::aws_region& r, const cloudsim::aws_instance& i) {
    return "arn:aws:ec2:" + r.name + ":" + sim::role_account + ":instance/" +
           cloudsim::aws_instance_id(i);
}

TEST_F(AwsCollectorSim, EveryInstanceOfEveryEnabledRegionThroughTheAssumedRole) {
    vm_collector vms(role_account());
    const auto sink = collect(vms);
    const auto estate = sim.aws_snapshot();
    const auto& account = role_estate();
    std::vector<std::string> regions;
    std::size_t expected = 0;
    for (const auto& r : account.regions) {
        regions.push_back(r.name);
        for (const auto& i : r.instances) {
            ++expected;
            const auto it = sink->records.find(instance_arn(r, i));
            ASSERT_NE(it, sink->records.end()) << instance_arn(r, i);
            const auto& rec = it->second;
            EXPECT_EQ(sink->scope_of.at(it->first), r.name);
            EXPECT_EQ(rec.region, r.name);
            std::string name = cloudsim::aws_instance_id(i);
            for (const auto& [k, v] : cloudsim::aws_instance_tags(i))
                if (k == "Name")
                    name = v;
            EXPECT_EQ(rec.name, name);
            const auto& vm = std::get<inventory::vm_columns>(rec.columns);
            EXPECT_EQ(vm.native_state, i.state.name);
            EXPECT_EQ(vm.size, cloudsim::aws_instance_type(i));
            EXPECT_EQ(vm.os, cloudsim::aws_platform_details(i).starts_with("Windows") ? "windows"
                                                                                      : "linux");
            EXPECT_EQ(vm.private_ips.size(), cloudsim::aws_network_interfaces(i));
            EXPECT_EQ(vm.private_ips.front(), cloudsim::aws_private_ip(account, r, i, 0));
            const auto public_ip = cloudsim::aws_public_ip(i, 0);
            EXPECT_EQ(vm.public_ips.empty(), public_ip.empty());
            if (!public_ip.empty())
                EXPECT_EQ(vm.public_ips.front(), public_ip);
        }
    }
    EXPECT_EQ(sink->records.size(), expected);
    EXPECT_EQ(test::sorted(sink->completed_scopes), test::sorted(regions));
    EXPECT_TRUE(sink->failed_scopes.empty());
    // One role session for every region and STS call; regions listed once.
    EXPECT_EQ(role->fetch_count(), 1U);
    EXPECT_EQ(sim.stats().count("ec2.DescribeRegions"), 1U);
    EXPECT_EQ(sim.stats().count("sts.GetCallerIdentity"), 1U);
}

TEST_F(AwsCollectorSim, SubnetsJoinTheirVpcs) {
    network_collector networks(role_account({"eu-west-1", "us-west-2"}));
    const auto sink = collect(networks);
    const auto& account = role_estate();
    std::size_t vpcs = 0, subnets = 0;
    for (const auto& r : account.regions) {
        if (r.name != "eu-west-1" && r.name != "us-west-2")
            continue;
        for (const auto& v : r.vpcs) {
            const std::string vpc_arn = "arn:aws:ec2:" + r.name + ":" + sim::role_account +
                                        ":vpc/" + cloudsim::aws_vpc_id(v);
            const auto it = sink->records.find(vpc_arn);
            ASSERT_NE(it, sink->records.end()) << vpc_arn;
            ++vpcs;
            const auto cidrs = std::get<inventory::network_columns>(it->second.columns).cidrs;
            for (const auto& cidr : cloudsim::aws_vpc_cidrs(r, v))
                EXPECT_NE(std::find(cidrs.begin(), cidrs.end(), cidr), cidrs.end()) << cidr;
            for (std::size_t s = 0; s < account.options.sizes.subnets_per_vpc; ++s) {
                const std::string subnet_arn = "arn:aws:ec2:" + r.name + ":" + sim::role_account +
                                               ":subnet/" + cloudsim::aws_subnet_id(v, s);
                const auto sub = sink->records.find(subnet_arn);
                ASSERT_NE(sub, sink->records.end()) << subnet_arn;
                ++subnets;
                const auto& columns = std::get<inventory::subnet_columns>(sub->second.columns);
                EXPECT_EQ(columns.network_id, vpc_arn);
                EXPECT_EQ(columns.cidr, cloudsim::aws_subnet_cidr(r, v, s));
            }
        }
    }
    EXPECT_EQ(sink->records.size(), vpcs + subnets);
    EXPECT_GT(subnets, 0U);
    EXPECT_EQ(sim.stats().count("ec2.DescribeRegions"), 0U); // configured regions
}

TEST_F(AwsCollectorSim, BucketsEachInTheirOwnRegionsScope) {
    storage_collector storage(role_account());
    const auto sink = collect(storage);
    const auto& account = role_estate();
    for (const auto& b : account.buckets) {
        const std::string arn = "arn:aws:s3:::" + cloudsim::aws_bucket_name(account, b);
        const auto it = sink->records.find(arn);
        ASSERT_NE(it, sink->records.end()) << arn;
        EXPECT_EQ(sink->scope_of.at(arn), b.region);
        EXPECT_EQ(it->second.region, b.region);
        const auto& s = std::get<inventory::storage_columns>(it->second.columns);
        EXPECT_EQ(s.type, "bucket");
        EXPECT_EQ(s.versioning, cloudsim::aws_bucket_versioning(b) == "Enabled");
        EXPECT_EQ(s.encrypted, true);
        if (cloudsim::aws_bucket_policy_public(b))
            EXPECT_EQ(s.public_access, true) << arn;
    }
    EXPECT_EQ(sink->records.size(), account.buckets.size());
    EXPECT_TRUE(sink->failed_scopes.empty());
    // Four configuration calls per bucket, one listing per region.
    EXPECT_EQ(sim.stats().count("s3.GetBucketVersioning"), account.buckets.size());
    EXPECT_EQ(sim.stats().count("s3.ListBuckets"), account.regions.size());
}

TEST_F(AwsCollectorSim, EveryTaskOfEveryCluster) {
    container_collector containers(role_account({"us-east-1", "ap-southeast-2"}));
    const auto sink = collect(containers);
    const auto& account = role_estate();
    std::size_t expected = 0;
    for (const auto& r : account.regions) {
        if (r.name != "us-east-1" && r.name != "ap-southeast-2")
            continue;
        for (const auto& c : r.clusters)
            for (const auto& t : c.tasks) {
                // ListTasks lists the tasks meant to run; a stopped one is gone.
                if (cloudsim::aws_task_last_status(t) == "STOPPED")
                    continue;
                const auto arn = cloudsim::aws_task_arn(account, r, c, t);
                const auto it = sink->records.find(arn);
                ASSERT_NE(it, sink->records.end()) << arn;
                ++expected;
                const auto& columns = std::get<inventory::container_columns>(it->second.columns);
                EXPECT_EQ(columns.state, cloudsim::aws_task_last_status(t));
                EXPECT_EQ(columns.images, cloudsim::aws_task_images(t));
            }
    }
    EXPECT_EQ(sink->records.size(), expected);
    EXPECT_GT(expected, 0U);
}

TEST_F(AwsCollectorSim, AlarmsWithTheirStatesAndTargets) {
    alarm_collector alarms(role_account({"eu-west-1"}));
    const auto sink = collect(alarms);
    const auto& account = role_estate();
    const auto* region = cloudsim::aws_find_region(account, "eu-west-1");
    ASSERT_NE(region, nullptr);
    for (const auto& a : region->alarms) {
        const auto arn = cloudsim::aws_alarm_arn(account, *region, a);
        const auto it = sink->records.find(arn);
        ASSERT_NE(it, sink->records.end()) << arn;
        const auto& columns = std::get<inventory::alert_columns>(it->second.columns);
        const auto state = cloudsim::aws_alarm_state(a);
        EXPECT_EQ(columns.state, state == "ALARM" ? inventory::alert_state::firing
                                 : state == "OK"  ? inventory::alert_state::ok
                                                  : inventory::alert_state::unknown);
        EXPECT_EQ(columns.enabled, cloudsim::aws_alarm_actions_enabled(a));
        const auto instance = cloudsim::aws_alarm_instance(*region, a);
        if (!cloudsim::aws_alarm_composite(a) && !instance.empty())
            EXPECT_EQ(columns.target_ids,
                      std::vector<std::string>{"arn:aws:ec2:eu-west-1:" + sim::role_account +
                                               ":instance/" + instance});
    }
    EXPECT_EQ(sink->records.size(), region->alarms.size());
}

TEST_F(AwsCollectorSim, MetricsOfRunningInstancesIn500QueryCalls) {
    metrics_collector metrics(role_account({"us-east-1", "eu-west-1"}), {});
    auto sink = std::make_shared<test::monitor_sink>(1000);
    test::run_coroutine(io, metrics.collect(sink));
    const auto& account = role_estate();
    std::size_t calls = 0;
    std::set<std::string> running;
    for (const auto& r : account.regions) {
        if (r.name != "us-east-1" && r.name != "eu-west-1")
            continue;
        std::size_t n = 0;
        for (const auto& i : r.instances)
            if (i.state.name == "running") {
                ++n;
                running.insert(instance_arn(r, i));
            }
        calls += (n + instances_per_call() - 1) / instances_per_call();
    }
    EXPECT_EQ(sim.stats().count("monitoring.GetMetricData"), calls);
    EXPECT_GE(calls, 3U); // more than 71 running instances in a region: two calls
    std::set<std::string> sampled;
    for (const auto& s : sink->samples) {
        sampled.insert(s.native_id);
        EXPECT_FALSE(s.metric.empty()) << s.native_metric;
    }
    EXPECT_EQ(sampled, running);
}

TEST_F(AwsCollectorSim, TheBaseKeyAloneIsRefusedWhereTheRoleIsRequired) {
    auth::aws::aws_credentials base;
    base.access_key_id = sim::role_base_keys.access_key_id;
    base.secret_access_key = secret(sim::role_base_keys.secret_access_key);
    vm_collector vms(
        account(std::make_shared<auth::aws::static_credentials>(base), {"us-east-1", "eu-west-1"}));
    const auto sink = collect(vms);
    EXPECT_TRUE(sink->records.empty());
    EXPECT_TRUE(sink->completed_scopes.empty());
    ASSERT_EQ(sink->failed_scopes.size(), 2U); // a 403 per region: its rows kept
    EXPECT_NE(sink->failed_scopes[0].second.find("UnauthorizedOperation"), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sink->failed_scopes[0].second.find(sim::role_base_keys.secret_access_key),
              std::string::npos);
}

TEST_F(AwsCollectorSim, ASessionTheCloudExpiredEarlyIsAssumedAgainOnce) {
    auto account = role_account({"us-east-1", "eu-west-1"});
    vm_collector first(account);
    EXPECT_EQ(collect(first)->failed_scopes.size(), 0U);
    sim.expire_aws_sessions(); // before the expiry the session announced
    vm_collector second(account);
    const auto sink = collect(second);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes.size(), 2U);
    EXPECT_EQ(role->fetch_count(), 2U);
}

TEST_F(AwsCollectorSim, AThrottleOfEachProtocolIsWaitedOut) {
    // CloudWatch's 400 Throttling (the client's throttle hook), EC2's 503
    // RequestLimitExceeded and S3's 503 SlowDown (the http client's retries).
    sim.add_fault({cloudsim::fault_kind::throttle, "monitoring.DescribeAlarms", 1});
    sim.add_fault({cloudsim::fault_kind::throttle, "ec2.DescribeInstances", 1});
    sim.add_fault({cloudsim::fault_kind::throttle, "s3.ListBuckets", 1});
    auto& throttled = metrics::default_registry().get_counter(
        "cloudsync_cloud_api_retries_total", "", {{"host", "127.0.0.1"}, {"reason", "throttled"}});
    const double throttled_before = throttled.value();
    auto account = role_account({"us-east-1"});
    alarm_collector alarms(account);
    vm_collector vms(account);
    storage_collector storage(account);
    for (collector* c : std::initializer_list<collector*>{&alarms, &vms, &storage}) {
        const auto sink = collect(*c);
        EXPECT_TRUE(sink->failed_scopes.empty());
        EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{"us-east-1"});
        EXPECT_FALSE(sink->records.empty());
    }
    EXPECT_EQ(sim.stats().count("monitoring.DescribeAlarms"), 2U); // one throttled, one answered
    // The throttle the collectors' client waited out shows on /metrics too.
    EXPECT_GE(throttled.value() - throttled_before, 1.0);
}

TEST_F(AwsCollectorSim, AFailingRegionKeepsItsRowsAndTheOthersGoOn) {
    sim.add_fault({cloudsim::fault_kind::server_error, "/aws/ec2/eu-west-1/", 50});
    vm_collector vms(role_account({"us-east-1", "eu-west-1"}));
    const auto sink = collect(vms);
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{"us-east-1"});
    ASSERT_EQ(sink->failed_scopes.size(), 1U);
    EXPECT_EQ(sink->failed_scopes[0].first, "eu-west-1");
    for (const auto& [id, scope] : sink->scope_of)
        EXPECT_EQ(scope, "us-east-1") << id;
}

TEST_F(AwsCollectorSim, AMalformedPageFailsItsRegion) {
    sim.add_fault({cloudsim::fault_kind::malformed_json, "/aws/monitoring/eu-west-1/", 1});
    alarm_collector alarms(role_account({"us-east-1", "eu-west-1"}));
    const auto sink = collect(alarms);
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{"us-east-1"});
    ASSERT_EQ(sink->failed_scopes.size(), 1U);
    EXPECT_EQ(sink->failed_scopes[0].first, "eu-west-1");
    EXPECT_NE(sink->failed_scopes[0].second.find("malformed"), std::string::npos)
        << sink->failed_scopes[0].second;
}

TEST_F(AwsCollectorSim, StaticTemporaryKeysWithTheirSessionTokenSignIn) {
    role_account(); // makes `role`
    const auto session = test::run_coroutine(io, role->get());
    ASSERT_FALSE(session.session_token.empty());
    auth::aws::aws_credentials keys = session;
    keys.expiry.reset(); // configured keys: never renewed
    vm_collector vms(account(std::make_shared<auth::aws::static_credentials>(keys), {"us-east-1"}));
    const auto sink = collect(vms);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{"us-east-1"});
    EXPECT_FALSE(sink->records.empty());
}

TEST_F(AwsCollectorSim, TheModuleMakesEveryKind) {
    aws_module_options o;
    o.account.endpoints.sts = endpoint("sts");
    o.account.regions = {"us-east-1"};
    auth::aws::aws_credentials keys;
    keys.access_key_id = sim::plain_keys.access_key_id;
    keys.secret_access_key = secret(sim::plain_keys.secret_access_key);
    o.account.credentials = std::make_shared<auth::aws::static_credentials>(keys);
    aws_module module(common::default_engine(http_client), o);
    for (auto kind : {inventory::collector_kind::vms, inventory::collector_kind::networks,
                      inventory::collector_kind::storage, inventory::collector_kind::containers,
                      inventory::collector_kind::metrics, inventory::collector_kind::alerts})
        EXPECT_NE(module.make(kind), nullptr) << to_string(kind);
    EXPECT_EQ(module.cloud(), inventory::provider::aws);
}

// The figure: GetMetricData calls for 10,000 instances in 4 regions,
// against one call per instance and metric. Printed; run with
// --gtest_filter='AwsMetricsCallFigure.*'.
class AwsMetricsCallFigure : public AwsCollectorSim {
protected:
    AwsMetricsCallFigure() : AwsCollectorSim(figure_options()) {}
    static cloudsim::options figure_options() {
        auto o = make_options();
        o.aws.accounts[1].sizes.instances_per_region = 2'500;
        o.aws_page_size = 1000; // EC2's own page size
        return o;
    }
};

TEST_F(AwsMetricsCallFigure, TenThousandInstancesInFourRegions) {
    metrics_collector metrics(role_account(), {});
    auto sink = std::make_shared<test::monitor_sink>(1000, false);
    test::run_coroutine(io, metrics.collect(sink));
    std::size_t instances = 0, running = 0, expected_calls = 0;
    for (const auto& r : role_estate().regions) {
        std::size_t n = 0;
        for (const auto& i : r.instances)
            n += i.state.name == "running" ? 1 : 0;
        instances += r.instances.size();
        running += n;
        expected_calls += (n + instances_per_call() - 1) / instances_per_call();
    }
    const auto calls = sim.stats().count("monitoring.GetMetricData");
    const auto listing = sim.stats().count("ec2.DescribeInstances");
    EXPECT_EQ(instances, 10'000U);
    EXPECT_EQ(calls, expected_calls);
    std::printf("AWS metrics, %zu instances (%zu running) in 4 regions, %zu metrics each: %zu "
                "GetMetricData calls + %zu DescribeInstances pages; one call per instance and "
                "metric would be %zu (%zu for the running ones)\n",
                instances, running, ec2_metrics().size(), static_cast<std::size_t>(calls),
                static_cast<std::size_t>(listing), instances * ec2_metrics().size(),
                running * ec2_metrics().size());
}

} // namespace
} // namespace cloudsync::collectors::aws
