#include "cloudsim/aws_estate.hpp"

#include "cloudsim/detail/rng.hpp"
#include "cloudsim/detail/sim_time.hpp"
#include "cloudsim/error.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace cloudsync::cloudsim {

namespace {

constexpr std::array<aws_instance_state, 6> states = {{{0, "pending"},
                                                       {16, "running"},
                                                       {32, "shutting-down"},
                                                       {48, "terminated"},
                                                       {64, "stopping"},
                                                       {80, "stopped"}}};
// Mostly running; the weights of the generated estate.
constexpr std::array<int, 10> generated_states = {1, 1, 1, 1, 1, 1, 5, 5, 0, 4};
constexpr std::array<std::string_view, 5> instance_types = {"t3.micro", "t3.large", "m5.xlarge",
                                                            "c6g.2xlarge", "r6i.4xlarge"};
constexpr std::int64_t epoch_2024 = 1704067200; // 2024-01-01T00:00:00Z

std::string hex_digits(std::uint64_t value, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += hex[(value >> shift) & 0xf];
    return out;
}

std::string padded(std::uint64_t value, int width) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%0*llu", width, static_cast<unsigned long long>(value));
    return buffer;
}

// "2024-05-01T10:20:30.000Z", the form EC2 and S3 use.
std::string millis_time(std::int64_t seconds) {
    auto text = detail::format_time(seconds);
    text.insert(text.size() - 1, ".000");
    return text;
}

void check_options(const aws_account_options& a) {
    if (a.id.size() != 12 ||
        !std::all_of(a.id.begin(), a.id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw cloudsim_error("AWS account id '" + a.id + "' is not 12 digits");
    if (a.access_key_id.empty() || a.secret_access_key.empty())
        throw cloudsim_error("AWS account " + a.id + " needs an access key id and a secret");
    if (a.regions.empty())
        throw cloudsim_error("AWS account " + a.id + " needs at least one region");
    if (a.sizes.instances_per_region > 0 &&
        (a.sizes.vpcs_per_region == 0 || a.sizes.subnets_per_vpc == 0))
        throw cloudsim_error("AWS instances need at least one VPC and one subnet per region");
    if (a.sizes.subnets_per_vpc > 16)
        throw cloudsim_error("at most 16 subnets per VPC");
    if (a.sizes.vpcs_per_region > 4096)
        throw cloudsim_error("at most 4096 VPCs per region");
}

} // namespace

aws_instance_state aws_state_named(std::string_view name) {
    for (const auto& s : states) {
        if (s.name == name)
            return s;
    }
    throw cloudsim_error("unknown EC2 instance state '" + std::string(name) + "'");
}

aws_estate::aws_estate(aws_estate_options options) : options_(std::move(options)) {
    for (std::size_t a = 0; a < options_.accounts.size(); ++a) {
        const auto& o = options_.accounts[a];
        check_options(o);
        aws_account account{o, {}, {}, 0};
        for (std::uint32_t r = 0; r < o.regions.size(); ++r) {
            aws_region region;
            region.index = r;
            region.name = o.regions[r];
            for (std::uint32_t v = 0; v < o.sizes.vpcs_per_region; ++v)
                region.vpcs.push_back({v, detail::hash(options_.seed, a, r * 4096ULL + v, 0x77c)});
            for (std::uint64_t i = 0; i < o.sizes.instances_per_region; ++i)
                region.instances.push_back(make_instance(account, region, i));
            region.next_instance = o.sizes.instances_per_region;
            for (std::uint32_t c = 0; c < o.sizes.clusters_per_region; ++c) {
                aws_cluster cluster{c, {}};
                for (std::uint64_t t = 0; t < o.sizes.tasks_per_cluster; ++t)
                    cluster.tasks.push_back(
                        {t, detail::hash(options_.seed, a, (std::uint64_t{r} << 32) | c, t)});
                region.clusters.push_back(std::move(cluster));
            }
            for (std::uint64_t k = 0; k < o.sizes.alarms_per_region; ++k)
                region.alarms.push_back(
                    {k, detail::hash(options_.seed, a, r, k ^ 0xa1a0000000ULL)});
            account.regions.push_back(std::move(region));
        }
        accounts_.push_back(std::move(account));
        auto& added = accounts_.back();
        for (std::uint64_t b = 0; b < o.sizes.buckets; ++b)
            added.buckets.push_back(make_bucket(added, b));
        added.next_bucket = o.sizes.buckets;
    }
}

aws_instance aws_estate::make_instance(const aws_account& a, const aws_region& r,
                                       std::uint64_t index) const {
    aws_instance i;
    i.index = index;
    i.hash =
        detail::hash(options_.seed, detail::hash(a.options.id.size(), std::stoull(a.options.id)),
                     r.index, index);
    i.state =
        states[static_cast<std::size_t>(generated_states[(i.hash >> 8) % generated_states.size()])];
    return i;
}

aws_bucket aws_estate::make_bucket(const aws_account& a, std::uint64_t index) const {
    aws_bucket b;
    b.index = index;
    b.hash = detail::hash(options_.seed, std::stoull(a.options.id), index, 0xb5c);
    // The first bucket lives in the first region, so every estate has one there.
    b.region = a.options.regions[index == 0 ? 0 : b.hash % a.options.regions.size()];
    return b;
}

const aws_account* aws_estate::find_account(std::string_view id) const {
    for (const auto& a : accounts_) {
        if (a.options.id == id)
            return &a;
    }
    return nullptr;
}

const aws_account* aws_estate::account_by_key(std::string_view access_key_id) const {
    for (const auto& a : accounts_) {
        if (a.options.access_key_id == access_key_id)
            return &a;
    }
    return nullptr;
}

const aws_account* aws_estate::account_by_role(std::string_view role_arn) const {
    for (const auto& a : accounts_) {
        if (!a.options.role_arn.empty() && a.options.role_arn == role_arn)
            return &a;
    }
    return nullptr;
}

std::size_t aws_estate::resource_count() const {
    std::size_t n = 0;
    for (const auto& a : accounts_) {
        n += a.buckets.size();
        for (const auto& r : a.regions) {
            n += r.instances.size() + r.vpcs.size() * (1 + a.options.sizes.subnets_per_vpc) +
                 r.alarms.size();
            for (const auto& c : r.clusters)
                n += c.tasks.size();
        }
    }
    return n;
}

void aws_estate::apply(const aws_mutation& m) {
    if (accounts_.empty())
        throw cloudsim_error("there is no AWS estate");
    auto account =
        m.account.empty()
            ? accounts_.begin()
            : std::find_if(accounts_.begin(), accounts_.end(),
                           [&](const aws_account& a) { return a.options.id == m.account; });
    if (account == accounts_.end())
        throw cloudsim_error("unknown AWS account '" + m.account + "'");
    if (m.add_buckets > 0 || m.remove_bucket) {
        for (std::uint32_t k = 0; k < m.add_buckets; ++k)
            account->buckets.push_back(make_bucket(*account, account->next_bucket++));
        if (m.remove_bucket) {
            const auto before = account->buckets.size();
            std::erase_if(account->buckets, [&](const aws_bucket& b) {
                return aws_bucket_name(*account, b) == m.bucket;
            });
            if (before == account->buckets.size())
                throw cloudsim_error("unknown bucket '" + m.bucket + "'");
        }
        return;
    }
    auto region = std::find_if(account->regions.begin(), account->regions.end(),
                               [&](const aws_region& r) { return r.name == m.region; });
    if (region == account->regions.end())
        throw cloudsim_error("unknown AWS region '" + m.region + "'");
    for (std::uint32_t k = 0; k < m.add_instances; ++k)
        region->instances.push_back(make_instance(*account, *region, region->next_instance++));
    if (m.instance_id.empty()) {
        if (m.add_instances == 0)
            throw cloudsim_error("the mutation changes nothing");
        return;
    }
    const auto instance =
        std::find_if(region->instances.begin(), region->instances.end(),
                     [&](const aws_instance& i) { return aws_instance_id(i) == m.instance_id; });
    if (instance == region->instances.end())
        throw cloudsim_error("unknown instance '" + m.instance_id + "'");
    if (m.remove_instance) {
        region->instances.erase(instance);
    } else if (!m.state.empty()) {
        instance->state = aws_state_named(m.state);
        ++instance->revision;
    } else {
        throw cloudsim_error("an instance mutation needs a state or remove");
    }
}

const aws_region* aws_find_region(const aws_account& a, std::string_view name) {
    for (const auto& r : a.regions) {
        if (r.name == name)
            return &r;
    }
    return nullptr;
}

std::string aws_instance_id(const aws_instance& i) {
    return "i-0" + hex_digits(i.hash, 16);
}

std::string aws_instance_type(const aws_instance& i) {
    return std::string(instance_types[(i.hash >> 12) % instance_types.size()]);
}

std::vector<std::pair<std::string, std::string>> aws_instance_tags(const aws_instance& i) {
    std::vector<std::pair<std::string, std::string>> tags;
    if (i.index % 5 != 4)
        tags.emplace_back("Name", "sim-vm-" + padded(i.index, 5));
    if (i.index % 3 != 2)
        tags.emplace_back("owner", "team-" + std::to_string(i.hash % 7));
    tags.emplace_back("env", (i.hash >> 20) % 2 == 0 ? "prod" : "dev");
    if (i.revision > 0)
        tags.emplace_back("revision", std::to_string(i.revision));
    return tags;
}

std::string aws_platform_details(const aws_instance& i) {
    switch ((i.hash >> 28) % 6) {
    case 0:
        return "Windows";
    case 1:
        return "Red Hat Enterprise Linux";
    default:
        return "Linux/UNIX";
    }
}

std::size_t aws_network_interfaces(const aws_instance& i) {
    return 1 + (i.hash >> 36) % 3;
}

std::size_t aws_instance_vpc(const aws_region& r, const aws_instance& i) {
    return r.vpcs.empty() ? 0 : (i.hash >> 40) % r.vpcs.size();
}

std::size_t aws_instance_subnet(const aws_account& a, const aws_instance& i) {
    return (i.hash >> 44) % std::max<std::uint32_t>(1, a.options.sizes.subnets_per_vpc);
}

std::string aws_private_ip(const aws_account& a, const aws_region& r, const aws_instance& i,
                           std::size_t nic) {
    const std::size_t vpc = aws_instance_vpc(r, i);
    const std::size_t subnet = aws_instance_subnet(a, i);
    const std::uint64_t k = i.index * 3 + nic;
    return "10." + std::to_string((r.index * 16 + vpc) % 256) + "." +
           std::to_string(subnet * 16 + (k / 250) % 16) + "." + std::to_string(4 + k % 250);
}

std::string aws_public_ip(const aws_instance& i, std::size_t nic) {
    const bool live = i.state.code == 0 || i.state.code == 16 || i.state.code == 64;
    if (nic != 0 || !live || ((i.hash >> 16) & 1) == 0)
        return "";
    return "54." + std::to_string((i.hash >> 24) & 0xff) + "." +
           std::to_string((i.hash >> 32) & 0xff) + "." + std::to_string(1 + (i.hash >> 48) % 254);
}

std::string aws_launch_time(const aws_instance& i) {
    return millis_time(epoch_2024 + static_cast<std::int64_t>(i.hash % (365ULL * 86400)));
}

std::string aws_vpc_id(const aws_vpc& v) {
    return "vpc-0" + hex_digits(v.hash, 16);
}

std::vector<std::string> aws_vpc_cidrs(const aws_region& r, const aws_vpc& v) {
    std::vector<std::string> cidrs{"10." + std::to_string((r.index * 16 + v.index) % 256) +
                                   ".0.0/16"};
    if (v.index % 2 == 1)
        cidrs.push_back("100.64." + std::to_string(v.index % 256) + ".0/24");
    return cidrs;
}

std::string aws_subnet_id(const aws_vpc& v, std::size_t subnet) {
    return "subnet-0" + hex_digits(detail::hash(v.hash, subnet), 16);
}

std::string aws_subnet_cidr(const aws_region& r, const aws_vpc& v, std::size_t subnet) {
    return "10." + std::to_string((r.index * 16 + v.index) % 256) + "." +
           std::to_string(subnet * 16) + ".0/20";
}

std::string aws_availability_zone(const aws_region& r, std::size_t n) {
    return r.name + static_cast<char>('a' + n % 3);
}

std::string aws_cluster_name(const aws_cluster& c) {
    return "cluster-" + padded(c.index + 1, 2);
}

std::string aws_cluster_arn(const aws_account& a, const aws_region& r, const aws_cluster& c) {
    return "arn:aws:ecs:" + r.name + ":" + a.options.id + ":cluster/" + aws_cluster_name(c);
}

std::string aws_task_id(const aws_task& t) {
    return hex_digits(detail::mix(t.hash), 16) + hex_digits(detail::mix(t.hash ^ 0x5a5a), 16);
}

std::string aws_task_arn(const aws_account& a, const aws_region& r, const aws_cluster& c,
                         const aws_task& t) {
    return "arn:aws:ecs:" + r.name + ":" + a.options.id + ":task/" + aws_cluster_name(c) + "/" +
           aws_task_id(t);
}

std::string aws_task_last_status(const aws_task& t) {
    switch (t.hash % 8) {
    case 0:
        return "PENDING";
    case 1:
        return "STOPPED";
    default:
        return "RUNNING";
    }
}

std::vector<std::string> aws_task_images(const aws_task& t) {
    std::vector<std::string> images{"public.ecr.aws/sim/app-" + std::to_string(t.hash % 5) + ":1." +
                                    std::to_string((t.hash >> 8) % 10)};
    if (t.index % 2 == 1)
        images.emplace_back("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable");
    return images;
}

bool aws_alarm_composite(const aws_alarm& a) {
    return a.index % 4 == 3;
}

std::string aws_alarm_name(const aws_alarm& a) {
    return (aws_alarm_composite(a) ? "composite-" : "alarm-") + padded(a.index + 1, 4);
}

std::string aws_alarm_arn(const aws_account& acc, const aws_region& r, const aws_alarm& a) {
    return "arn:aws:cloudwatch:" + r.name + ":" + acc.options.id + ":alarm:" + aws_alarm_name(a);
}

std::string aws_alarm_state(const aws_alarm& a) {
    switch (a.hash % 5) {
    case 0:
        return "ALARM";
    case 1:
        return "INSUFFICIENT_DATA";
    default:
        return "OK";
    }
}

bool aws_alarm_actions_enabled(const aws_alarm& a) {
    return (a.hash >> 8) % 4 != 0;
}

std::string aws_alarm_metric(const aws_alarm& a) {
    return (a.hash >> 12) % 2 == 0 ? "CPUUtilization" : "NetworkIn";
}

std::string aws_alarm_instance(const aws_region& r, const aws_alarm& a) {
    if (r.instances.empty())
        return "";
    return aws_instance_id(r.instances[(a.hash >> 16) % r.instances.size()]);
}

std::string aws_bucket_name(const aws_account& acc, const aws_bucket& b) {
    return "sim-" + acc.options.id + "-bucket-" + padded(b.index, 4);
}

std::string aws_bucket_creation_date(const aws_bucket& b) {
    return millis_time(epoch_2024 - 86400 * 365 +
                       static_cast<std::int64_t>(b.hash % (365ULL * 86400)));
}

std::string aws_bucket_location_constraint(const aws_bucket& b) {
    if (b.region == "us-east-1")
        return "";
    if (b.region == "eu-west-1" && b.index % 2 == 0)
        return "EU";
    return b.region;
}

bool aws_bucket_has_public_access_block(const aws_bucket& b) {
    return b.index % 3 != 1;
}
bool aws_bucket_policy_public(const aws_bucket& b) {
    return (b.hash >> 8) % 5 == 0;
}
bool aws_bucket_has_policy(const aws_bucket& b) {
    return aws_bucket_policy_public(b) || (b.hash >> 20) % 4 != 0;
}

std::string aws_bucket_versioning(const aws_bucket& b) {
    switch ((b.hash >> 12) % 3) {
    case 0:
        return "";
    case 1:
        return "Enabled";
    default:
        return "Suspended";
    }
}

std::string aws_bucket_encryption(const aws_bucket& b) {
    return (b.hash >> 16) % 3 == 0 ? "aws:kms" : "AES256";
}

} // namespace cloudsync::cloudsim
