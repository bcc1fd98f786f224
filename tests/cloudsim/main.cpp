// cloudsim: the fake cloud as a process, for the demo and the benchmarks.
// Parses the CLI, starts the server, prints "listening on http://127.0.0.1:PORT"
// (and writes PORT to --port-file), runs until SIGTERM or SIGINT.
#include "cloudsim/error.hpp"
#include "cloudsim/server.hpp"

#include <array>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace cloudsync::cloudsim;

constexpr std::string_view usage =
    "usage: cloudsim [--port N] [--seed S] [--subscriptions N] [--vms-per-subscription M]\n"
    "                [--page-size P] --tenant-id T [--client-id C --client-secret X]\n"
    "                [--client-certificate CLIENT_ID=PATH.pem]... [--user-assigned-identity "
    "CLIENT_ID]...\n"
    "                [--system-assigned-identity true|false] [--metrics-audience URL]\n"
    "                [--storage-accounts-per-subscription N] [--containers-per-storage-account N]\n"
    "                [--virtual-networks-per-subscription N] [--container-groups-per-subscription "
    "N]\n"
    "                [--metric-alerts-per-subscription N] [--fired-alerts-per-subscription N]\n"
    "                [--token-lifetime SECONDS] [--extra-scope SCOPE] [--port-file PATH]\n"
    "                [--subscription-page-size N] [--threads N]\n"
    "                [--gcp-service-account-key PATH.json]... [--gcp-authorized-user "
    "PATH.json]...\n"
    "                [--gcp-projects N] [--gcp-instances-per-project N] "
    "[--gcp-networks-per-project N]\n"
    "                [--gcp-buckets-per-project N] [--gcp-services-per-project N]\n"
    "                [--gcp-alert-policies-per-project N] [--gcp-page-size N]\n"
    "                [--latency D] [--latency-jitter D] [--rate-limit-capacity N "
    "--rate-limit-refill R]\n"
    "                [--aws-account ID --aws-access-key-id K --aws-secret-access-key S\n"
    "                 [--aws-role-arn ARN [--aws-external-id X] [--aws-max-session-duration "
    "SECONDS]]]...\n"
    "                [--aws-regions R1,R2,...] [--aws-instances-per-region N] "
    "[--aws-vpcs-per-region N]\n"
    "                [--aws-subnets-per-vpc N] [--aws-clusters-per-region N] "
    "[--aws-tasks-per-cluster N]\n"
    "                [--aws-alarms-per-region N] [--aws-buckets N] [--aws-page-size N]\n"
    "                [--aws-instance-profile-account ID]\n"
    "A client needs a secret (--client-id + --client-secret) or a certificate.\n"
    "--subscriptions N spreads the estate over N subscriptions (deterministic GUIDs from the "
    "seed),\n"
    "  each with its own --vms-per-subscription VMs and estate; GET /subscriptions pages them by\n"
    "  --subscription-page-size (default 100).\n"
    "--latency D, --latency-jitter D: every ARM, metrics and token answer waits D plus a uniform\n"
    "  [0, jitter] (D: 100ms, 2s, or bare milliseconds); waits overlap, they hold no thread.\n"
    "--rate-limit-capacity N, --rate-limit-refill R: a read token bucket per subscription (ARM's\n"
    "  is 250 and 25/s) for requests under /subscriptions/{id}/; answers carry\n"
    "  x-ms-ratelimit-remaining-subscription-reads, an empty bucket answers 429 with Retry-After.\n"
    "  Capacity 0 (default): no limit.\n"
    "--threads N: I/O threads that parse requests and render pages (default 2).\n"
    "--gcp-service-account-key PATH.json: a service-account key file (the one cloudsyncd uses);\n"
    "  POST /token accepts its signed assertions (the sim keeps only the public key).\n"
    "--gcp-authorized-user PATH.json: an authorized_user file; /token accepts its refresh token.\n"
    "--gcp-projects N: a GCP estate of N ACTIVE projects (plus one DELETE_REQUESTED) from --seed,\n"
    "  served at "
    "/compute/v1/projects/P/{aggregated/instances,global/networks,aggregated/subnetworks}\n"
    "  /storage/v1/b?project=P (--gcp-buckets-per-project, default 4), Cloud Run's\n"
    "  /v1/projects/P/locations and /v2/projects/P/locations/L/services "
    "(--gcp-services-per-project,\n"
    "  default 3), /v3/projects/P/alertPolicies (--gcp-alert-policies-per-project, default 3)\n"
    "  and /v3/projects:search;\n"
    "  --gcp-page-size caps items per page (default 500).\n"
    "The GCE metadata token route (/computeMetadata/v1/.../default/token) always answers.\n"
    "--aws-account ID (12 digits) starts an AWS account; the --aws-access-key-id, "
    "--aws-secret-access-key,\n"
    "  --aws-role-arn, --aws-external-id and --aws-max-session-duration after it are its own. With "
    "a role,\n"
    "  EC2/S3/ECS/CloudWatch accept only the role's sessions (STS AssumeRole with the external "
    "id).\n"
    "  Every AWS service is served at /aws/<sts|ec2|s3|monitoring|ecs>/<region>/ and every "
    "request's\n"
    "  SigV4 signature is recomputed. Regions and sizes apply to every account (defaults: "
    "us-east-1,\n"
    "  eu-west-1, us-west-2, ap-southeast-2; 20 instances, 2 VPCs of 3 subnets, 2 clusters of 5 "
    "tasks,\n"
    "  4 alarms per region; 8 buckets). --aws-instance-profile-account serves that account's role "
    "at\n"
    "  IMDSv2 (/latest/api/token, /latest/meta-data/iam/security-credentials/).\n";

std::uint64_t to_number(std::string_view flag, const std::string& text) {
    std::size_t used = 0;
    unsigned long long value = 0;
    try {
        value = std::stoull(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size()) {
        throw cloudsim_error(std::string(flag) + ": not a number: '" + text + "'");
    }
    return value;
}

// "100ms", "2s" or bare milliseconds ("100").
std::chrono::milliseconds to_duration(std::string_view flag, const std::string& text) {
    if (text.size() > 2 && text.ends_with("ms")) {
        return std::chrono::milliseconds(to_number(flag, text.substr(0, text.size() - 2)));
    }
    if (text.size() > 1 && text.ends_with('s')) {
        return std::chrono::seconds(to_number(flag, text.substr(0, text.size() - 1)));
    }
    return std::chrono::milliseconds(to_number(flag, text));
}

double to_rate(std::string_view flag, const std::string& text) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || !(value >= 0)) {
        throw cloudsim_error(std::string(flag) + ": not a rate >= 0: '" + text + "'");
    }
    return value;
}

// Latency, rate limit, paging and threads: flag -> options; false when not one of them.
bool set_serving(options& o, std::string_view flag, const std::string& value) {
    if (flag == "--latency") o.latency.fixed = to_duration(flag, value);
    else if (flag == "--latency-jitter") o.latency.jitter = to_duration(flag, value);
    else if (flag == "--rate-limit-capacity") o.read_rate_limit.capacity = static_cast<std::uint32_t>(to_number(flag, value));
    else if (flag == "--rate-limit-refill") o.read_rate_limit.refill_per_second = to_rate(flag, value);
    else if (flag == "--subscription-page-size") o.subscription_page_size = to_number(flag, value);
    else if (flag == "--threads") o.threads = static_cast<unsigned>(to_number(flag, value));
    else return false;
    return true;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw cloudsim_error("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Estate sizes: flag -> member of inventory_options.
bool set_estate_size(inventory_options& inv, std::string_view flag, const std::string& value) {
    static constexpr std::array<std::pair<std::string_view, std::uint32_t inventory_options::*>, 6> sizes = {{
        {"--storage-accounts-per-subscription", &inventory_options::storage_accounts_per_subscription},
        {"--containers-per-storage-account", &inventory_options::containers_per_storage_account},
        {"--virtual-networks-per-subscription", &inventory_options::virtual_networks_per_subscription},
        {"--container-groups-per-subscription", &inventory_options::container_groups_per_subscription},
        {"--metric-alerts-per-subscription", &inventory_options::metric_alerts_per_subscription},
        {"--fired-alerts-per-subscription", &inventory_options::fired_alerts_per_subscription},
    }};
    for (const auto& [name, field] : sizes) {
        if (name != flag) continue;
        inv.*field = static_cast<std::uint32_t>(to_number(flag, value));
        return true;
    }
    return false;
}

// CLIENT_ID=PATH.pem
client_certificate parse_certificate(const std::string& value) {
    const auto eq = value.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
        throw cloudsim_error("--client-certificate needs CLIENT_ID=PATH.pem");
    }
    return client_certificate{"", value.substr(0, eq), read_file(value.substr(eq + 1))};
}

struct cli {
    options opts;
    std::string port_file;
    std::vector<std::string> aws_regions; // empty: the estate's default
    aws_sizes aws;
};

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
        if (!item.empty())
            out.push_back(item);
    }
    return out;
}

// The --aws-* flags: an account (those after --aws-account are its own), regions, sizes.
bool set_aws(cli& c, std::string_view flag, const std::string& value) {
    static constexpr std::array<std::pair<std::string_view, std::uint32_t aws_sizes::*>, 7> sizes =
        {{
            {"--aws-instances-per-region", &aws_sizes::instances_per_region},
            {"--aws-vpcs-per-region", &aws_sizes::vpcs_per_region},
            {"--aws-subnets-per-vpc", &aws_sizes::subnets_per_vpc},
            {"--aws-clusters-per-region", &aws_sizes::clusters_per_region},
            {"--aws-tasks-per-cluster", &aws_sizes::tasks_per_cluster},
            {"--aws-alarms-per-region", &aws_sizes::alarms_per_region},
            {"--aws-buckets", &aws_sizes::buckets},
        }};
    for (const auto& [name, field] : sizes) {
        if (name != flag)
            continue;
        c.aws.*field = static_cast<std::uint32_t>(to_number(flag, value));
        return true;
    }
    auto& accounts = c.opts.aws.accounts;
    if (flag == "--aws-account") {
        accounts.emplace_back().id = value;
        return true;
    }
    if (flag == "--aws-regions")
        c.aws_regions = split_list(value);
    else if (flag == "--aws-page-size")
        c.opts.aws_page_size = to_number(flag, value);
    else if (flag == "--aws-instance-profile-account")
        c.opts.aws_instance_profile_account = value;
    else if (!flag.starts_with("--aws-"))
        return false;
    else if (accounts.empty())
        throw cloudsim_error(std::string(flag) + " needs an --aws-account before it");
    else if (flag == "--aws-access-key-id")
        accounts.back().access_key_id = value;
    else if (flag == "--aws-secret-access-key")
        accounts.back().secret_access_key = value;
    else if (flag == "--aws-role-arn")
        accounts.back().role_arn = value;
    else if (flag == "--aws-external-id")
        accounts.back().external_id = value;
    else if (flag == "--aws-max-session-duration")
        accounts.back().max_session_duration = std::chrono::seconds(to_number(flag, value));
    else
        return false;
    return true;
}

cli parse(int argc, char** argv) {
    cli c;
    client_credential client;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << usage;
            std::exit(0);
        }
        if (i + 1 >= argc) throw cloudsim_error(std::string(flag) + " needs a value");
        const std::string value = argv[++i];
        if (flag == "--port") c.opts.port = static_cast<unsigned short>(to_number(flag, value));
        else if (flag == "--seed") c.opts.inventory.seed = to_number(flag, value);
        else if (flag == "--subscriptions") c.opts.inventory.subscriptions = static_cast<std::uint32_t>(to_number(flag, value));
        else if (flag == "--vms-per-subscription") c.opts.inventory.vms_per_subscription = to_number(flag, value);
        else if (flag == "--page-size") c.opts.page_size = to_number(flag, value);
        else if (flag == "--tenant-id") client.tenant_id = value;
        else if (flag == "--client-id") client.client_id = value;
        else if (flag == "--client-secret") client.client_secret = value;
        else if (flag == "--token-lifetime") c.opts.token_lifetime = std::chrono::seconds(to_number(flag, value));
        else if (flag == "--extra-scope") c.opts.extra_scopes.push_back(value);
        else if (flag == "--port-file") c.port_file = value;
        else if (flag == "--client-certificate") c.opts.client_certificates.push_back(parse_certificate(value));
        else if (flag == "--user-assigned-identity") c.opts.user_assigned_identities.push_back(value);
        else if (flag == "--system-assigned-identity") c.opts.system_assigned_identity = value == "true";
        else if (flag == "--metrics-audience") c.opts.metrics_audience = value;
        else if (flag == "--gcp-service-account-key")
            c.opts.google_service_accounts.push_back(google_service_account_from_key_file(read_file(value)));
        else if (flag == "--gcp-authorized-user") c.opts.google_users.push_back(google_user_from_file(read_file(value)));
        else if (flag == "--gcp-projects") c.opts.gcp.projects = static_cast<std::uint32_t>(to_number(flag, value));
        else if (flag == "--gcp-instances-per-project")
            c.opts.gcp.instances_per_project = static_cast<std::uint32_t>(to_number(flag, value));
        else if (flag == "--gcp-networks-per-project")
            c.opts.gcp.networks_per_project = static_cast<std::uint32_t>(to_number(flag, value));
        else if (flag == "--gcp-buckets-per-project")
            c.opts.gcp.buckets_per_project = static_cast<std::uint32_t>(to_number(flag, value));
        else if (flag == "--gcp-services-per-project")
            c.opts.gcp.services_per_project = static_cast<std::uint32_t>(to_number(flag, value));
        else if (flag == "--gcp-alert-policies-per-project")
            c.opts.gcp.alert_policies_per_project =
                static_cast<std::uint32_t>(to_number(flag, value));
        else if (flag == "--gcp-page-size") c.opts.gcp_page_size = to_number(flag, value);
        else if (set_serving(c.opts, flag, value)) continue;
        else if (set_aws(c, flag, value))
            continue;
        else if (!set_estate_size(c.opts.inventory, flag, value)) throw cloudsim_error("unknown option " + std::string(flag));
    }
    if (client.tenant_id.empty()) throw cloudsim_error("--tenant-id is required");
    if (client.client_id.empty() != client.client_secret.empty()) {
        throw cloudsim_error("--client-id and --client-secret go together");
    }
    if (client.client_id.empty() && c.opts.client_certificates.empty()) {
        throw cloudsim_error("give a client secret (--client-id, --client-secret) or --client-certificate");
    }
    c.opts.inventory.tenant_id = client.tenant_id;
    c.opts.gcp.seed = c.opts.inventory.seed;
    c.opts.aws.seed = c.opts.inventory.seed;
    for (auto& account : c.opts.aws.accounts) {
        account.sizes = c.aws;
        if (!c.aws_regions.empty())
            account.regions = c.aws_regions;
    }
    for (auto& cert : c.opts.client_certificates) cert.tenant_id = client.tenant_id;
    if (!client.client_id.empty()) c.opts.clients.push_back(std::move(client));
    return c;
}

} // namespace

int main(int argc, char** argv) {
    // Block the stop signals before any thread starts, so only sigwait sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    try {
        cli c = parse(argc, argv);
        server sim(c.opts);
        sim.start();
        if (!c.port_file.empty()) {
            std::ofstream(c.port_file) << sim.port() << '\n';
        }
        std::cout << "listening on " << sim.base_url() << std::endl;
        // One line per AWS account, for tests and scripts/demo.sh (no secret in it).
        for (const auto& a : sim.aws_snapshot()->accounts()) {
            std::string regions;
            for (const auto& r : a.options.regions)
                regions += (regions.empty() ? "" : ",") + r;
            std::cout << "aws account " << a.options.id << " key " << a.options.access_key_id
                      << " role " << (a.options.role_arn.empty() ? "-" : a.options.role_arn)
                      << " regions " << regions << " endpoint " << sim.base_url()
                      << "/aws/{service}/{region}" << std::endl;
        }
        int received = 0;
        sigwait(&signals, &received);
        sim.stop();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "cloudsim: " << e.what() << '\n' << usage;
        return 2;
    }
}
