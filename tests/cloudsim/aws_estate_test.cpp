// The generated AWS estate: deterministic, sized by the options, with the
// variety the collectors must handle, and mutable between runs.
#include "cloudsim/aws_estate.hpp"

#include "cloudsim/error.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cloudsync::cloudsim {
namespace {

aws_account_options account(std::string id = "123456789012") {
    aws_account_options a;
    a.id = std::move(id);
    a.access_key_id = "AKIASIMEXAMPLE000001";
    a.secret_access_key = "sim/secret/key";
    return a;
}

aws_estate_options estate_options(aws_sizes sizes = {}) {
    aws_estate_options o;
    o.seed = 7;
    o.accounts.push_back(account());
    o.accounts.back().sizes = sizes;
    return o;
}

TEST(AwsEstate, SameSeedSameEstate) {
    const aws_estate a(estate_options());
    const aws_estate b(estate_options());
    ASSERT_EQ(a.accounts().size(), 1U);
    const auto& ra = a.accounts()[0].regions;
    const auto& rb = b.accounts()[0].regions;
    ASSERT_EQ(ra.size(), 4U);
    for (std::size_t r = 0; r < ra.size(); ++r) {
        ASSERT_EQ(ra[r].instances.size(), 20U);
        for (std::size_t i = 0; i < ra[r].instances.size(); ++i) {
            EXPECT_EQ(aws_instance_id(ra[r].instances[i]), aws_instance_id(rb[r].instances[i]));
            EXPECT_EQ(ra[r].instances[i].state.name, rb[r].instances[i].state.name);
        }
    }
    auto other = estate_options();
    other.seed = 8;
    EXPECT_NE(aws_instance_id(aws_estate(other).accounts()[0].regions[0].instances[0]),
              aws_instance_id(ra[0].instances[0]));
}

TEST(AwsEstate, InstancesHaveTheVarietyCollectorsMeet) {
    aws_sizes sizes;
    sizes.instances_per_region = 200;
    const aws_estate estate(estate_options(sizes));
    const auto& acc = estate.accounts()[0];
    std::set<std::string> ids, states, platforms, types;
    std::size_t without_name = 0, without_owner = 0, with_public = 0, multi_nic = 0;
    for (const auto& r : acc.regions) {
        for (const auto& i : r.instances) {
            ids.insert(aws_instance_id(i));
            states.insert(std::string(i.state.name));
            platforms.insert(aws_platform_details(i));
            types.insert(aws_instance_type(i));
            const auto tags = aws_instance_tags(i);
            const auto has = [&](std::string_view key) {
                return std::any_of(tags.begin(), tags.end(),
                                   [&](const auto& t) { return t.first == key; });
            };
            without_name += has("Name") ? 0 : 1;
            without_owner += has("owner") ? 0 : 1;
            with_public += aws_public_ip(i, 0).empty() ? 0 : 1;
            multi_nic += aws_network_interfaces(i) > 1 ? 1 : 0;
            EXPECT_EQ(aws_instance_id(i).size(), 19U);
            EXPECT_TRUE(aws_public_ip(i, 1).empty());
            EXPECT_TRUE(aws_private_ip(acc, r, i, 0).starts_with("10."));
        }
    }
    EXPECT_EQ(ids.size(), 800U);
    EXPECT_EQ(states, (std::set<std::string>{"pending", "running", "stopped", "stopping"}));
    EXPECT_EQ(platforms.size(), 3U);
    EXPECT_EQ(types.size(), 5U);
    EXPECT_GT(without_name, 0U);
    EXPECT_GT(without_owner, 0U);
    EXPECT_GT(with_public, 0U);
    EXPECT_GT(multi_nic, 0U);
}

TEST(AwsEstate, NetworksBucketsAlarmsTasks) {
    const aws_estate estate(estate_options());
    const auto& acc = estate.accounts()[0];
    const auto& r = acc.regions[0];
    ASSERT_EQ(r.vpcs.size(), 2U);
    EXPECT_EQ(aws_vpc_cidrs(r, r.vpcs[0]).size(), 1U);
    EXPECT_EQ(aws_vpc_cidrs(r, r.vpcs[1]).size(), 2U); // a secondary CIDR association
    EXPECT_EQ(aws_subnet_cidr(r, r.vpcs[1], 2), "10.1.32.0/20");
    EXPECT_EQ(aws_vpc_cidrs(r, r.vpcs[1])[0], "10.1.0.0/16");

    ASSERT_EQ(acc.buckets.size(), 8U);
    EXPECT_EQ(acc.buckets[0].region, "us-east-1");
    EXPECT_EQ(aws_bucket_location_constraint(acc.buckets[0]), "");
    std::size_t without_block = 0;
    for (const auto& b : acc.buckets)
        without_block += aws_bucket_has_public_access_block(b) ? 0 : 1;
    EXPECT_GT(without_block, 0U);
    aws_bucket eu{2, 0, "eu-west-1", 0};
    EXPECT_EQ(aws_bucket_location_constraint(eu), "EU");
    eu.index = 3;
    EXPECT_EQ(aws_bucket_location_constraint(eu), "eu-west-1");

    ASSERT_EQ(r.alarms.size(), 4U);
    EXPECT_FALSE(aws_alarm_composite(r.alarms[0]));
    EXPECT_TRUE(aws_alarm_composite(r.alarms[3]));
    EXPECT_FALSE(aws_alarm_instance(r, r.alarms[0]).empty());
    EXPECT_EQ(aws_alarm_arn(acc, r, r.alarms[0]),
              "arn:aws:cloudwatch:us-east-1:123456789012:alarm:alarm-0001");

    ASSERT_EQ(r.clusters.size(), 2U);
    ASSERT_EQ(r.clusters[0].tasks.size(), 5U);
    EXPECT_EQ(aws_task_id(r.clusters[0].tasks[0]).size(), 32U);
    EXPECT_TRUE(aws_task_arn(acc, r, r.clusters[0], r.clusters[0].tasks[0])
                    .starts_with("arn:aws:ecs:us-east-1:123456789012:task/cluster-01/"));
}

// A benchmark asks for ~100,000 resources in 4 regions.
TEST(AwsEstate, SizedForABenchmark) {
    aws_sizes sizes;
    sizes.instances_per_region = 20000;
    sizes.vpcs_per_region = 50;
    sizes.subnets_per_vpc = 4;
    sizes.clusters_per_region = 10;
    sizes.tasks_per_cluster = 100;
    sizes.alarms_per_region = 500;
    sizes.buckets = 1000;
    const aws_estate estate(estate_options(sizes));
    EXPECT_EQ(estate.resource_count(), 4U * (20000 + 50 * 5 + 1000 + 500) + 1000);
}

TEST(AwsEstate, Mutations) {
    aws_estate estate(estate_options());
    const auto id = aws_instance_id(estate.accounts()[0].regions[1].instances[3]);
    estate.apply({.region = "eu-west-1", .instance_id = id, .state = "stopped"});
    EXPECT_EQ(estate.accounts()[0].regions[1].instances[3].state.code, 80);
    EXPECT_EQ(estate.accounts()[0].regions[1].instances[3].revision, 1U);
    estate.apply({.region = "eu-west-1", .add_instances = 2});
    EXPECT_EQ(estate.accounts()[0].regions[1].instances.size(), 22U);
    estate.apply({.region = "eu-west-1", .instance_id = id, .remove_instance = true});
    EXPECT_EQ(estate.accounts()[0].regions[1].instances.size(), 21U);
    estate.apply({.add_buckets = 1});
    EXPECT_EQ(estate.accounts()[0].buckets.size(), 9U);
    const auto bucket = aws_bucket_name(estate.accounts()[0], estate.accounts()[0].buckets[0]);
    estate.apply({.bucket = bucket, .remove_bucket = true});
    EXPECT_EQ(estate.accounts()[0].buckets.size(), 8U);

    EXPECT_THROW(estate.apply({.region = "eu-west-1", .instance_id = id, .state = "stopped"}),
                 cloudsim_error);
    EXPECT_THROW(estate.apply({.region = "mars-1", .add_instances = 1}), cloudsim_error);
    EXPECT_THROW(
        estate.apply({.region = "eu-west-1",
                      .instance_id = aws_instance_id(estate.accounts()[0].regions[1].instances[0]),
                      .state = "sleeping"}),
        cloudsim_error);
}

TEST(AwsEstate, BadOptionsThrow) {
    auto o = estate_options();
    o.accounts[0].id = "12345";
    EXPECT_THROW(aws_estate{o}, cloudsim_error);
    o = estate_options();
    o.accounts[0].secret_access_key.clear();
    EXPECT_THROW(aws_estate{o}, cloudsim_error);
    o = estate_options();
    o.accounts[0].regions.clear();
    EXPECT_THROW(aws_estate{o}, cloudsim_error);
}

} // namespace
} // namespace cloudsync::cloudsim
