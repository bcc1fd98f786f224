#include "cloudsim/gcp_estate.hpp"

#include "cloudsim/detail/rng.hpp"
#include "cloudsim/error.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace cloudsync::cloudsim {

namespace {

constexpr std::array<std::string_view, 8> statuses = {"RUNNING",    "RUNNING",  "RUNNING",
                                                      "TERMINATED", "STOPPING", "PROVISIONING",
                                                      "SUSPENDED",  "REPAIRING"};
constexpr std::array<std::string_view, 4> machine_types = {"e2-medium", "e2-standard-4",
                                                           "n2-standard-8", "c3-highcpu-22"};

std::string padded(std::uint64_t value, int width) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%0*llu", width, static_cast<unsigned long long>(value));
    return buffer;
}

} // namespace

std::string gcp_zone_region(std::string_view zone) {
    const auto dash = zone.rfind('-');
    return std::string(dash == std::string_view::npos ? zone : zone.substr(0, dash));
}

gcp_estate::gcp_estate(gcp_estate_options options) : options_(std::move(options)) {
    if (options_.zones.empty())
        throw cloudsim_error("the GCP estate needs at least one zone");
    for (const auto& z : options_.zones) {
        if (z.find('-') == std::string::npos)
            throw cloudsim_error("zone '" + z + "' names no region");
    }
    const auto regions_list = regions();
    const std::uint32_t total = options_.projects + options_.deleted_projects;
    for (std::uint32_t p = 0; p < total; ++p) {
        gcp_project project;
        project.index = p;
        project.id = "sim-project-" + padded(p + 1, 4);
        project.number = std::to_string(100000000000ULL +
                                        detail::hash(options_.seed, p, 0x6c9) % 899999999999ULL);
        project.active = p < options_.projects;
        for (std::uint32_t n = 0; n < options_.networks_per_project; ++n) {
            gcp_network net;
            net.index = n;
            net.name = n == 0 ? "default" : "net-" + std::to_string(n);
            if (n >= 2) {
                net.legacy_range = "192.168." + std::to_string((p * 8 + n) % 256) + ".0/24";
            } else {
                for (std::size_t r = 0; r < regions_list.size(); ++r) {
                    net.subnetworks.push_back(
                        {net.name + "-" + regions_list[r], regions_list[r],
                         "10." + std::to_string(n * 64 + r) + "." + std::to_string(p % 256) +
                             ".0/24",
                         r == 0 ? "172.16." + std::to_string(p % 256) + ".0/24" : ""});
                }
            }
            project.networks.push_back(std::move(net));
        }
        if (project.active) {
            for (std::uint64_t i = 0; i < options_.instances_per_project; ++i) {
                project.instances.push_back(make_instance(project, i));
            }
            project.next_index = options_.instances_per_project;
            for (std::uint64_t b = 0; b < options_.buckets_per_project; ++b)
                project.buckets.push_back({b, detail::hash(options_.seed, p, b, 0xb0c), 0});
            project.next_bucket = options_.buckets_per_project;
            for (std::uint64_t k = 0; k < options_.services_per_project; ++k)
                project.services.push_back({k, detail::hash(options_.seed, p, k, 0x5e7), 0});
            project.next_service = options_.services_per_project;
            for (std::uint64_t a = 0; a < options_.alert_policies_per_project; ++a)
                project.alert_policies.push_back(make_alert_policy(project, a));
            project.next_alert_policy = options_.alert_policies_per_project;
        }
        projects_.push_back(std::move(project));
    }
}

gcp_instance gcp_estate::make_instance(const gcp_project& p, std::uint64_t index) const {
    gcp_instance i;
    i.index = index;
    i.hash = detail::hash(options_.seed, p.index, index, 0x9c0);
    i.zone = static_cast<std::uint32_t>(i.hash % options_.zones.size());
    i.status = std::string(statuses[(i.hash >> 8) % statuses.size()]);
    i.public_ip = ((i.hash >> 16) & 1) != 0;
    i.windows = (i.hash >> 20) % 5 == 0;
    return i;
}

gcp_alert_policy gcp_estate::make_alert_policy(const gcp_project& p, std::uint64_t index) const {
    return {index, detail::hash(options_.seed, p.index, index, 0xa1e), 0};
}

const gcp_project* gcp_estate::find(std::string_view project_id) const {
    for (const auto& p : projects_) {
        if (p.id == project_id)
            return &p;
    }
    return nullptr;
}

gcp_project* gcp_estate::find(std::string_view project_id) {
    return const_cast<gcp_project*>(static_cast<const gcp_estate&>(*this).find(project_id));
}

std::vector<std::string> gcp_estate::regions() const {
    std::vector<std::string> out;
    for (const auto& z : options_.zones) {
        auto r = gcp_zone_region(z);
        if (std::find(out.begin(), out.end(), r) == out.end())
            out.push_back(std::move(r));
    }
    return out;
}

void gcp_estate::apply(const gcp_mutation& m) {
    ++generation_;
    for (auto& p : projects_) {
        if (!p.active)
            continue;
        for (std::uint32_t k = 0; k < m.remove && !p.instances.empty(); ++k) {
            const auto at = detail::hash(m.seed, p.index, k, 0x4e3) % p.instances.size();
            p.instances.erase(p.instances.begin() + static_cast<std::ptrdiff_t>(at));
        }
        for (std::uint32_t k = 0; k < m.change && !p.instances.empty(); ++k) {
            auto& i = p.instances[detail::hash(m.seed, p.index, k, 0xc4a) % p.instances.size()];
            i.status = i.status == "RUNNING" ? "TERMINATED" : "RUNNING";
            ++i.revision;
        }
        for (std::uint32_t k = 0; k < m.add; ++k)
            p.instances.push_back(make_instance(p, p.next_index++));
        for (std::uint32_t k = 0; k < m.remove && !p.buckets.empty(); ++k) {
            const auto at = detail::hash(m.seed, p.index, k, 0xb4e) % p.buckets.size();
            p.buckets.erase(p.buckets.begin() + static_cast<std::ptrdiff_t>(at));
        }
        for (std::uint32_t k = 0; k < m.change && !p.buckets.empty(); ++k)
            ++p.buckets[detail::hash(m.seed, p.index, k, 0xbca) % p.buckets.size()].revision;
        for (std::uint32_t k = 0; k < m.add; ++k, ++p.next_bucket)
            p.buckets.push_back(
                {p.next_bucket, detail::hash(options_.seed, p.index, p.next_bucket, 0xb0c), 0});
        apply_to_services(p, m);
        apply_to_alert_policies(p, m);
    }
}

void gcp_estate::apply_to_alert_policies(gcp_project& p, const gcp_mutation& m) const {
    auto& policies = p.alert_policies;
    for (std::uint32_t k = 0; k < m.remove && !policies.empty(); ++k) {
        const auto at = detail::hash(m.seed, p.index, k, 0xa4e) % policies.size();
        policies.erase(policies.begin() + static_cast<std::ptrdiff_t>(at));
    }
    for (std::uint32_t k = 0; k < m.change && !policies.empty(); ++k)
        ++policies[detail::hash(m.seed, p.index, k, 0xaca) % policies.size()].revision;
    for (std::uint32_t k = 0; k < m.add; ++k)
        policies.push_back(make_alert_policy(p, p.next_alert_policy++));
}

void gcp_estate::apply_to_services(gcp_project& p, const gcp_mutation& m) const {
    for (std::uint32_t k = 0; k < m.remove && !p.services.empty(); ++k) {
        const auto at = detail::hash(m.seed, p.index, k, 0x5e4) % p.services.size();
        p.services.erase(p.services.begin() + static_cast<std::ptrdiff_t>(at));
    }
    for (std::uint32_t k = 0; k < m.change && !p.services.empty(); ++k)
        ++p.services[detail::hash(m.seed, p.index, k, 0x5ec) % p.services.size()].revision;
    for (std::uint32_t k = 0; k < m.add; ++k, ++p.next_service)
        p.services.push_back(
            {p.next_service, detail::hash(options_.seed, p.index, p.next_service, 0x5e7), 0});
}

std::string gcp_instance_name(const gcp_project& p, const gcp_instance& i) {
    return "vm-" + padded(p.index, 4) + "-" + padded(i.index, 6);
}

std::string gcp_instance_id(const gcp_project&, const gcp_instance& i) {
    return std::to_string(1000000000000000000ULL + i.hash % 8000000000000000000ULL);
}

std::string gcp_private_ip(const gcp_project& p, const gcp_instance& i, std::size_t region_index) {
    return "10." + std::to_string(region_index) + "." + std::to_string(p.index % 256) + "." +
           std::to_string(2 + i.index % 250);
}

std::string gcp_public_ip(const gcp_instance& i) {
    if (!i.public_ip)
        return {};
    return "34." + std::to_string(64 + (i.hash >> 24) % 64) + "." +
           std::to_string((i.hash >> 32) % 256) + "." + std::to_string(1 + (i.hash >> 40) % 254);
}

std::string gcp_machine_type(const gcp_instance& i) {
    return std::string(machine_types[(i.hash >> 28) % machine_types.size()]);
}

std::string gcp_bucket_name(const gcp_project& p, const gcp_bucket& b) {
    return p.id + "-bucket-" + padded(b.index, 4);
}

std::string gcp_bucket_location(const gcp_estate& estate, const gcp_bucket& b) {
    const auto regions = estate.regions();
    if (b.index % 4 == 0 || regions.empty())
        return "US";
    std::string region = regions[(b.hash >> 8) % regions.size()];
    for (auto& c : region)
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return region;
}

bool gcp_bucket_versioning(const gcp_bucket& b) {
    return ((b.hash >> 12) & 1) != 0;
}

bool gcp_bucket_public(const gcp_bucket& b) {
    return b.index % 4 == 1;
}

bool gcp_bucket_prevention_enforced(const gcp_bucket& b) {
    return !gcp_bucket_public(b) && ((b.hash >> 16) & 1) != 0;
}

std::string gcp_service_name(const gcp_service& s) {
    return "service-" + padded(s.index, 4);
}

std::string gcp_service_location(const gcp_estate& estate, const gcp_service& s) {
    const auto regions = estate.regions();
    return regions[(s.hash >> 8) % regions.size()];
}

std::vector<std::string> gcp_run_locations(const gcp_estate& estate) {
    auto out = estate.regions();
    for (const char* extra : {"us-east1", "europe-west1", "asia-northeast1"})
        if (std::find(out.begin(), out.end(), extra) == out.end())
            out.emplace_back(extra);
    return out;
}

bool gcp_service_ready(const gcp_service& s) {
    const bool first = (s.hash >> 12) % 3 != 0;
    return s.revision % 2 == 0 ? first : !first;
}

std::vector<std::string> gcp_service_images(const gcp_estate& estate, const gcp_project& p,
                                            const gcp_service& s) {
    std::vector<std::string> images{gcp_service_location(estate, s) + "-docker.pkg.dev/" + p.id +
                                    "/apps/" + gcp_service_name(s) + ":r" +
                                    std::to_string(s.revision)};
    if (s.index % 2 == 1)
        images.push_back("us-docker.pkg.dev/" + p.id + "/shared/log-forwarder:1.4");
    return images;
}

bool gcp_service_labelled(const gcp_service& s) {
    return s.index % 3 != 2;
}

std::string gcp_alert_policy_id(const gcp_alert_policy& a) {
    return std::to_string(1000000000000000000ULL + (a.hash % 1000000000000ULL) * 1000000ULL +
                          a.index % 1000000ULL);
}

std::string gcp_alert_policy_name(const gcp_project& p, const gcp_alert_policy& a) {
    return "projects/" + p.id + "/alertPolicies/" + gcp_alert_policy_id(a);
}

std::string gcp_alert_policy_display_name(const gcp_alert_policy& a) {
    return "Sim policy " + padded(a.index, 4) +
           (gcp_alert_policy_conditions(a) == 2 ? ": CPU and network high" : ": CPU high");
}

bool gcp_alert_policy_enabled(const gcp_alert_policy& a) {
    return (a.index % 5 != 3) != (a.revision % 2 == 1);
}

std::string gcp_alert_policy_severity(const gcp_alert_policy& a) {
    constexpr std::array<std::string_view, 4> severities = {"CRITICAL", "ERROR", "WARNING", ""};
    return std::string(severities[a.index % severities.size()]);
}

std::size_t gcp_alert_policy_conditions(const gcp_alert_policy& a) {
    return a.index % 3 == 2 ? 2 : 1;
}

bool gcp_alert_policy_labelled(const gcp_alert_policy& a) {
    return a.index % 3 != 1;
}

} // namespace cloudsync::cloudsim
