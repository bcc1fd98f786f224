// The generated AWS estate of the sim: accounts (12-digit id, base access
// key, optionally a role to assume with a required ExternalId), their enabled
// regions, and per region EC2 instances (states, types, tags, one to three
// network interfaces, public IPs, platformDetails), VPCs (one or two CIDR
// associations) and their subnets, ECS clusters and tasks, CloudWatch alarms
// (metric alarms on an InstanceId, composite alarms over them); per account S3
// buckets with a home region and their settings (public access block present
// or not, policy status, versioning, encryption).
// Stored explicitly (a small struct per resource, like gcp_estate): sized for
// ~100,000 resources. Everything is a pure function of the options and the
// mutations applied since. Not here: who is signed in (aws_auth.hpp) and the
// wire formats (aws_ec2.hpp, aws_s3.hpp, aws_ecs.hpp, aws_cloudwatch.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::cloudsim {

// Sizes per region (buckets: per account, spread over its regions).
struct aws_sizes {
    std::uint32_t instances_per_region = 20;
    std::uint32_t vpcs_per_region = 2;
    std::uint32_t subnets_per_vpc = 3;
    std::uint32_t clusters_per_region = 2;
    std::uint32_t tasks_per_cluster = 5;
    std::uint32_t alarms_per_region = 4; // every fourth is composite
    std::uint32_t buckets = 8;
};

struct aws_account_options {
    std::string id = "123456789012"; // 12 digits
    std::string access_key_id;       // base (long-term) key: AKIA...
    std::string secret_access_key;
    // With a role, data APIs accept only sessions of it (AssumeRole with
    // external_id, or the instance profile); the base key may call STS only.
    std::string role_arn;    // "" = none: the base key reads everything
    std::string external_id; // required by AssumeRole when not ""
    std::chrono::seconds max_session_duration{3600};
    std::vector<std::string> regions = {"us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"};
    aws_sizes sizes;
};

struct aws_estate_options {
    std::uint64_t seed = 1;
    std::vector<aws_account_options> accounts; // empty: no AWS estate
};

// EC2 instance-state codes (low byte) and names.
struct aws_instance_state {
    int code = 16;
    std::string_view name = "running";
};
// pending, running, shutting-down, terminated, stopping, stopped; throws cloudsim_error otherwise.
aws_instance_state aws_state_named(std::string_view name);

struct aws_instance {
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
    aws_instance_state state;
    std::uint32_t revision = 0; // tag changes so far
};

struct aws_vpc {
    std::uint32_t index = 0;
    std::uint64_t hash = 0;
};

struct aws_task {
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
};

struct aws_cluster {
    std::uint32_t index = 0;
    std::vector<aws_task> tasks;
};

struct aws_alarm {
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
};

struct aws_region {
    std::uint32_t index = 0; // into the account's regions
    std::string name;
    std::vector<aws_instance> instances; // live ones, by index
    std::uint64_t next_instance = 0;
    std::vector<aws_vpc> vpcs;
    std::vector<aws_cluster> clusters;
    std::vector<aws_alarm> alarms;
};

struct aws_bucket {
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
    std::string region; // home region
    std::uint32_t revision = 0;
};

struct aws_account {
    aws_account_options options;
    std::vector<aws_region> regions;
    std::vector<aws_bucket> buckets; // live ones, by index
    std::uint64_t next_bucket = 0;
};

// Edits between runs (cloudsim POST /_sim/aws/mutate). Exactly one of:
// an instance's new state, an added/removed instance, an added/removed bucket.
struct aws_mutation {
    std::string account;     // "" = the first
    std::string region;      // instances: required
    std::string instance_id; // set_state / remove_instance
    std::string state;       // set_state: pending, running, stopping, stopped, ...
    std::uint32_t add_instances = 0;
    bool remove_instance = false;
    std::string bucket; // remove_bucket
    std::uint32_t add_buckets = 0;
    bool remove_bucket = false;
};

class aws_estate {
public:
    // Throws cloudsim_error on an account id that is not 12 digits, a missing
    // key, or an account without regions.
    explicit aws_estate(aws_estate_options options);

    const aws_estate_options& options() const { return options_; }
    const std::vector<aws_account>& accounts() const { return accounts_; }
    const aws_account* find_account(std::string_view id) const;
    // The account whose base key this is; nullptr when none.
    const aws_account* account_by_key(std::string_view access_key_id) const;
    const aws_account* account_by_role(std::string_view role_arn) const;
    std::size_t resource_count() const; // instances + vpcs + subnets + tasks + alarms + buckets

    // Throws cloudsim_error on an unknown account, region, instance or bucket.
    void apply(const aws_mutation& m);

private:
    aws_instance make_instance(const aws_account& a, const aws_region& r,
                               std::uint64_t index) const;
    aws_bucket make_bucket(const aws_account& a, std::uint64_t index) const;

    aws_estate_options options_;
    std::vector<aws_account> accounts_;
};

const aws_region* aws_find_region(const aws_account& a, std::string_view name);

// Instances. The id is "i-" and 17 hex digits, unique per account.
std::string aws_instance_id(const aws_instance& i);
std::string aws_instance_type(const aws_instance& i);
// "Name" (all but every fifth), "owner" (all but every third), "env", "revision" (after changes).
std::vector<std::pair<std::string, std::string>> aws_instance_tags(const aws_instance& i);
// "Linux/UNIX", "Windows", "Red Hat Enterprise Linux".
std::string aws_platform_details(const aws_instance& i);
std::size_t aws_network_interfaces(const aws_instance& i); // 1..3
std::string aws_private_ip(const aws_account& a, const aws_region& r, const aws_instance& i,
                           std::size_t nic); // in its subnet
std::string aws_public_ip(const aws_instance& i,
                          std::size_t nic); // "" when none; only nic 0 of half
std::size_t aws_instance_vpc(const aws_region& r, const aws_instance& i);
std::size_t aws_instance_subnet(const aws_account& a, const aws_instance& i); // within its VPC
std::string aws_launch_time(const aws_instance& i); // "2024-..T..:..:...000Z"

// VPCs and subnets.
std::string aws_vpc_id(const aws_vpc& v);
// The VPC's CIDR associations: the primary, and a secondary for every other VPC.
std::vector<std::string> aws_vpc_cidrs(const aws_region& r, const aws_vpc& v);
std::string aws_subnet_id(const aws_vpc& v, std::size_t subnet);
std::string aws_subnet_cidr(const aws_region& r, const aws_vpc& v, std::size_t subnet);
std::string aws_availability_zone(const aws_region& r, std::size_t n); // "us-east-1a", ...

// ECS.
std::string aws_cluster_name(const aws_cluster& c); // "cluster-01"
std::string aws_cluster_arn(const aws_account& a, const aws_region& r, const aws_cluster& c);
std::string aws_task_id(const aws_task& t); // 32 hex digits
std::string aws_task_arn(const aws_account& a, const aws_region& r, const aws_cluster& c,
                         const aws_task& t);
std::string aws_task_last_status(const aws_task& t);         // RUNNING mostly, PENDING, STOPPED
std::vector<std::string> aws_task_images(const aws_task& t); // one or two containers

// CloudWatch alarms: every fourth composite (AlarmRule over the two metric
// alarms before it), the others metric alarms on one of the region's instances.
bool aws_alarm_composite(const aws_alarm& a);
std::string aws_alarm_name(const aws_alarm& a);
std::string aws_alarm_arn(const aws_account& acc, const aws_region& r, const aws_alarm& a);
std::string aws_alarm_state(const aws_alarm& a); // OK, ALARM, INSUFFICIENT_DATA
bool aws_alarm_actions_enabled(const aws_alarm& a);
std::string aws_alarm_metric(const aws_alarm& a); // CPUUtilization or NetworkIn
// The instance the metric alarm watches ("" when the region has none).
std::string aws_alarm_instance(const aws_region& r, const aws_alarm& a);

// S3.
std::string aws_bucket_name(const aws_account& acc, const aws_bucket& b); // globally unique
std::string aws_bucket_creation_date(const aws_bucket& b);
// GetBucketLocation's LocationConstraint: "" for us-east-1, "EU" for every
// other eu-west-1 bucket, else the region.
std::string aws_bucket_location_constraint(const aws_bucket& b);
bool aws_bucket_has_public_access_block(const aws_bucket& b); // every third has none
bool aws_bucket_policy_public(const aws_bucket& b);
bool aws_bucket_has_policy(
    const aws_bucket& b); // a public one always; a quarter of the others none
std::string aws_bucket_versioning(const aws_bucket& b); // "" (never enabled), Enabled, Suspended
std::string aws_bucket_encryption(const aws_bucket& b); // AES256 or aws:kms

} // namespace cloudsync::cloudsim
