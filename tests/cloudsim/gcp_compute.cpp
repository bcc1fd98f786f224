#include "cloudsim/gcp_compute.hpp"

#include "cloudsim/detail/google_list.hpp"
#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/gcp_monitoring.hpp"
#include "cloudsim/gcp_run.hpp"
#include "cloudsim/gcp_storage.hpp"
#include "cloudsim/gcp_time_series.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include <algorithm>
#include <charconv>
#include <vector>

namespace cloudsync::cloudsim {

namespace {

namespace http = boost::beast::http;
using detail::append_key;
using detail::append_member;
using detail::append_next;
using detail::append_string;
using detail::query_param;
using detail::window;

constexpr std::string_view www = "https://www.googleapis.com/compute/v1/projects/";

struct route {
    std::string_view name;
    std::string project;     // "" for projects:search
    std::string location;    // Cloud Run services only
    bool monitoring = false; // answered by gcp_monitoring.hpp
};

std::optional<route> match(boost::urls::url_view url) {
    std::vector<std::string> s;
    for (auto segment : url.segments())
        s.emplace_back(segment);
    if (s.size() == 2 && s[0] == "v3" && s[1] == "projects:search")
        return route{"gcpProjects", {}, {}};
    if (s.size() == 4 && s[0] == "v3" && s[1] == "projects")
        if (const auto name = monitoring_route(s[3]))
            return route{*name, s[2], {}, true};
    if (s.size() == 3 && s[0] == "storage" && s[1] == "v1" && s[2] == "b")
        return route{"gcpBuckets", query_param(url, "project").value_or(""), {}};
    if (s.size() == 4 && s[0] == "v1" && s[1] == "projects" && s[3] == "locations")
        return route{"gcpRunLocations", s[2], {}};
    if (s.size() == 6 && s[0] == "v2" && s[1] == "projects" && s[3] == "locations" &&
        s[5] == "services")
        return route{"gcpRunServices", s[2], s[4]};
    if (s.size() != 6 || s[0] != "compute" || s[1] != "v1" || s[2] != "projects")
        return std::nullopt;
    if (s[4] == "aggregated" && s[5] == "instances")
        return route{"gcpInstances", s[3], {}};
    if (s[4] == "aggregated" && s[5] == "subnetworks")
        return route{"gcpSubnetworks", s[3], {}};
    if (s[4] == "global" && s[5] == "networks")
        return route{"gcpNetworks", s[3], {}};
    return std::nullopt;
}

void append_warning(std::string& out, std::string_view code, std::string_view message,
                    std::string_view scope) {
    out += "{\"warning\":{";
    append_member(out, "code", code);
    append_member(out, "message", message);
    out += "\"data\":[{\"key\":\"scope\",";
    append_member(out, "value", scope, false);
    out += "}]}}";
}

void render_instance(std::string& out, const gcp_estate& estate, const gcp_project& p,
                     const gcp_instance& i) {
    const std::string& zone = estate.options().zones[i.zone];
    const std::string region = gcp_zone_region(zone);
    const auto regions = estate.regions();
    const auto region_index = static_cast<std::size_t>(
        std::find(regions.begin(), regions.end(), region) - regions.begin());
    const std::string zone_url = std::string(www) + p.id + "/zones/" + zone;
    const std::string name = gcp_instance_name(p, i);
    out += "{\"kind\":\"compute#instance\",";
    append_member(out, "id", gcp_instance_id(p, i));
    append_member(out, "creationTimestamp", "2025-02-05T01:23:36.842-08:00");
    append_member(out, "name", name);
    append_member(out, "machineType", zone_url + "/machineTypes/" + gcp_machine_type(i));
    append_member(out, "status", i.status);
    append_member(out, "zone", zone_url);
    out += "\"networkInterfaces\":[{\"kind\":\"compute#networkInterface\",";
    append_member(out, "network", std::string(www) + p.id + "/global/networks/default");
    append_member(out, "subnetwork",
                  std::string(www) + p.id + "/regions/" + region + "/subnetworks/default-" +
                      region);
    append_member(out, "networkIP", gcp_private_ip(p, i, region_index));
    append_member(out, "name", "nic0");
    if (i.public_ip) {
        out += "\"accessConfigs\":[{\"kind\":\"compute#accessConfig\",\"type\":\"ONE_TO_ONE_NAT\","
               "\"name\":\"External NAT\",";
        append_member(out, "natIP", gcp_public_ip(i));
        out += "\"networkTier\":\"PREMIUM\"}],";
    }
    out += "\"stackType\":\"IPV4_ONLY\"}],";
    out += "\"disks\":[{\"kind\":\"compute#attachedDisk\",\"type\":\"PERSISTENT\",\"mode\":\"READ_"
           "WRITE\",";
    append_member(out, "source", zone_url + "/disks/" + name);
    out += "\"deviceName\":\"persistent-disk-0\",\"index\":0,\"boot\":true,\"autoDelete\":true,"
           "\"licenses\":[";
    append_string(out, i.windows ? "https://www.googleapis.com/compute/v1/projects/windows-cloud/"
                                   "global/licenses/windows-server-2022-dc"
                                 : "https://www.googleapis.com/compute/v1/projects/debian-cloud/"
                                   "global/licenses/debian-12-bookworm");
    out += "],\"interface\":\"SCSI\",\"guestOsFeatures\":[{\"type\":\"VIRTIO_SCSI_MULTIQUEUE\"}";
    if (i.windows)
        out += ",{\"type\":\"WINDOWS\"}";
    out += "],\"diskSizeGb\":\"10\",\"architecture\":\"X86_64\"}],";
    out += "\"metadata\":{\"kind\":\"compute#metadata\",\"fingerprint\":\"sim=\",\"items\":[{"
           "\"key\":\"startup-script\",\"value\":\"#!/bin/sh\\necho sim\"}]},";
    append_member(out, "selfLink", zone_url + "/instances/" + name);
    out += "\"labels\":{";
    append_member(out, "env", (i.hash >> 36) % 2 == 0 ? "prod" : "dev");
    if ((i.hash >> 40) % 4 != 0)
        append_member(out, "owner", "team-" + std::to_string((i.hash >> 44) % 8));
    append_member(out, "revision", std::to_string(i.revision), false);
    out +=
        "},\"labelFingerprint\":\"42WmSpB8rSM=\",\"scheduling\":{\"onHostMaintenance\":\"MIGRATE\","
        "\"automaticRestart\":true,\"preemptible\":false,\"provisioningModel\":\"STANDARD\"},";
    append_member(out, "cpuPlatform", "Intel Broadwell");
    out += "\"deletionProtection\":false}";
}

reply instances_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                      boost::urls::url_view url) {
    window w;
    if (auto bad = detail::read_window(config.page_size, url, "maxResults", 500, w))
        return std::move(*bad);
    const auto partial = query_param(url, "returnPartialSuccess");
    const bool partial_ok = partial && boost::algorithm::iequals(*partial, "true");
    if (!p.unreachable_zones.empty() && !partial_ok) {
        return google_error(503, "UNAVAILABLE", "backendError",
                            "Zone '" + *p.unreachable_zones.begin() +
                                "' is unreachable; retry or list with returnPartialSuccess=true.");
    }
    const auto& zones = estate.options().zones;
    std::vector<const gcp_instance*> listed; // by zone, then index
    for (std::uint32_t z = 0; z < zones.size(); ++z) {
        if (p.unreachable_zones.count(zones[z]) != 0)
            continue;
        for (const auto& i : p.instances)
            if (i.zone == z)
                listed.push_back(&i);
    }
    const std::size_t end = std::min(listed.size(), w.start + w.size);
    std::string out = "{\"kind\":\"compute#instanceAggregatedList\",";
    append_member(out, "id", "projects/" + p.id + "/aggregated/instances");
    out += "\"items\":{";
    for (std::uint32_t z = 0; z < zones.size(); ++z) {
        if (z != 0)
            out += ',';
        const std::string scope = "zones/" + zones[z];
        append_key(out, scope);
        if (p.unreachable_zones.count(zones[z]) != 0) {
            append_warning(out, "UNREACHABLE", "Scope '" + scope + "' is unreachable.", scope);
            continue;
        }
        bool any = false;
        for (std::size_t k = w.start; k < end; ++k) {
            if (listed[k]->zone != z)
                continue;
            out += any ? "," : "{\"instances\":[";
            any = true;
            render_instance(out, estate, p, *listed[k]);
        }
        if (any)
            out += "]}";
        else
            append_warning(out, "NO_RESULTS_ON_PAGE",
                           "There are no results for scope '" + scope + "' on this page.", scope);
    }
    out += "},";
    append_next(out, w, listed.size());
    if (!p.unreachable_zones.empty()) {
        out += "\"unreachables\":[";
        bool first = true;
        for (const auto& z : p.unreachable_zones) {
            if (!first)
                out += ',';
            first = false;
            append_string(out, "zones/" + z);
        }
        out += "],";
    }
    append_member(out, "selfLink", std::string(www) + p.id + "/aggregated/instances", false);
    out += '}';
    return json_reply(200, std::move(out));
}

void render_subnetwork(std::string& out, const gcp_project& p, const gcp_network& n,
                       const gcp_subnetwork& s, std::uint64_t id) {
    out += "{\"kind\":\"compute#subnetwork\",";
    append_member(out, "id", std::to_string(id));
    append_member(out, "creationTimestamp", "2024-03-01T02:03:04.567-08:00");
    append_member(out, "name", s.name);
    append_member(out, "network", std::string(www) + p.id + "/global/networks/" + n.name);
    append_member(out, "ipCidrRange", s.cidr);
    append_member(out, "gatewayAddress", s.cidr.substr(0, s.cidr.rfind('.')) + ".1");
    append_member(out, "region", std::string(www) + p.id + "/regions/" + s.region);
    append_member(out, "selfLink",
                  std::string(www) + p.id + "/regions/" + s.region + "/subnetworks/" + s.name);
    if (!s.secondary_cidr.empty()) {
        out += "\"secondaryIpRanges\":[{\"rangeName\":\"pods\",";
        append_member(out, "ipCidrRange", s.secondary_cidr, false);
        out += "}],";
    }
    out += "\"privateIpGoogleAccess\":false,\"fingerprint\":\"sim=\",\"stackType\":\"IPV4_ONLY\","
           "\"purpose\":\"PRIVATE\"}";
}

std::uint64_t network_id(const gcp_project& p, std::uint32_t n) {
    return 5000000000000000000ULL + p.index * 1000ULL + n;
}

reply subnetworks_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                        boost::urls::url_view url) {
    window w;
    if (auto bad = detail::read_window(config.page_size, url, "maxResults", 500, w))
        return std::move(*bad);
    const auto regions = estate.regions();
    struct entry {
        const gcp_network* network;
        const gcp_subnetwork* subnet;
        std::uint64_t id;
    };
    std::vector<entry> listed; // by region, then network
    for (const auto& r : regions) {
        for (const auto& n : p.networks) {
            for (std::size_t k = 0; k < n.subnetworks.size(); ++k) {
                if (n.subnetworks[k].region == r)
                    listed.push_back(
                        {&n, &n.subnetworks[k], network_id(p, n.index) + 100000 * (k + 1)});
            }
        }
    }
    const std::size_t end = std::min(listed.size(), w.start + w.size);
    std::string out = "{\"kind\":\"compute#subnetworkAggregatedList\",";
    append_member(out, "id", "projects/" + p.id + "/aggregated/subnetworks");
    out += "\"items\":{";
    for (std::size_t r = 0; r < regions.size(); ++r) {
        if (r != 0)
            out += ',';
        const std::string scope = "regions/" + regions[r];
        append_key(out, scope);
        bool any = false;
        for (std::size_t k = w.start; k < end; ++k) {
            if (listed[k].subnet->region != regions[r])
                continue;
            out += any ? "," : "{\"subnetworks\":[";
            any = true;
            render_subnetwork(out, p, *listed[k].network, *listed[k].subnet, listed[k].id);
        }
        if (any)
            out += "]}";
        else
            append_warning(out, "NO_RESULTS_ON_PAGE",
                           "There are no results for scope '" + scope + "' on this page.", scope);
    }
    out += "},";
    append_next(out, w, listed.size());
    append_member(out, "selfLink", std::string(www) + p.id + "/aggregated/subnetworks", false);
    out += '}';
    return json_reply(200, std::move(out));
}

reply networks_reply(const gcp_config& config, const gcp_project& p, boost::urls::url_view url) {
    window w;
    if (auto bad = detail::read_window(config.page_size, url, "maxResults", 500, w))
        return std::move(*bad);
    const std::size_t end = std::min(p.networks.size(), w.start + w.size);
    std::string out = "{\"kind\":\"compute#networkList\",";
    append_member(out, "id", "projects/" + p.id + "/global/networks");
    out += "\"items\":[";
    for (std::size_t k = w.start; k < end; ++k) {
        const auto& n = p.networks[k];
        if (k != w.start)
            out += ',';
        const std::string self = std::string(www) + p.id + "/global/networks/" + n.name;
        out += "{\"kind\":\"compute#network\",";
        append_member(out, "id", std::to_string(network_id(p, n.index)));
        append_member(out, "creationTimestamp", "2024-03-01T02:03:04.567-08:00");
        append_member(out, "name", n.name);
        append_member(out, "selfLink", self);
        append_member(out, "selfLinkWithId",
                      std::string(www) + p.id + "/global/networks/" +
                          std::to_string(network_id(p, n.index)));
        if (!n.legacy_range.empty()) {
            append_member(out, "IPv4Range", n.legacy_range);
            append_member(out, "gatewayIPv4",
                          n.legacy_range.substr(0, n.legacy_range.rfind('.')) + ".1");
        } else {
            out += "\"autoCreateSubnetworks\":false,\"subnetworks\":[";
            for (std::size_t s = 0; s < n.subnetworks.size(); ++s) {
                if (s != 0)
                    out += ',';
                append_string(out, std::string(www) + p.id + "/regions/" + n.subnetworks[s].region +
                                       "/subnetworks/" + n.subnetworks[s].name);
            }
            out += "],";
        }
        out += "\"routingConfig\":{\"routingMode\":\"REGIONAL\"},"
               "\"networkFirewallPolicyEnforcementOrder\":\"AFTER_CLASSIC_FIREWALL\"}";
    }
    out += "],";
    append_next(out, w, p.networks.size());
    append_member(out, "selfLink", std::string(www) + p.id + "/global/networks", false);
    out += '}';
    return json_reply(200, std::move(out));
}

// v3 projects:search: every project, ACTIVE or not (the caller filters, or
// asks with query=state:ACTIVE).
reply projects_reply(const gcp_config& config, const gcp_estate& estate,
                     boost::urls::url_view url) {
    window w;
    if (auto bad = detail::read_window(config.page_size, url, "pageSize", 500, w))
        return std::move(*bad);
    const auto query = query_param(url, "query");
    const bool active_only = query && boost::algorithm::icontains(*query, "state:ACTIVE");
    std::vector<const gcp_project*> listed;
    for (const auto& p : estate.projects())
        if (p.active || !active_only)
            listed.push_back(&p);
    const std::size_t end = std::min(listed.size(), w.start + w.size);
    std::string out = "{\"projects\":[";
    for (std::size_t k = w.start; k < end; ++k) {
        const auto& p = *listed[k];
        if (k != w.start)
            out += ',';
        out += '{';
        append_member(out, "name", "projects/" + p.number);
        append_member(out, "parent", "organizations/1234567890");
        append_member(out, "projectId", p.id);
        append_member(out, "state", p.active ? "ACTIVE" : "DELETE_REQUESTED");
        append_member(out, "displayName", "Sim project " + std::to_string(p.index + 1));
        append_member(out, "createTime", "2022-04-26T15:18:57.559Z");
        append_member(out, "updateTime", "2022-04-26T15:18:59.112Z");
        if (!p.active)
            append_member(out, "deleteTime", "2025-01-02T03:04:05.678Z");
        append_member(out, "etag", "W/\"sim\"", false);
        out += '}';
    }
    out += "]";
    if (end < listed.size()) {
        out += ',';
        append_member(out, "nextPageToken", std::string(detail::token_prefix) + std::to_string(end),
                      false);
    }
    out += '}';
    return json_reply(200, std::move(out));
}

std::optional<reply> check_google_bearer(const token_store& tokens, stats& counters,
                                         const http_request& request) {
    const auto header = request[http::field::authorization];
    const bool bearer =
        header.size() > 7 && boost::algorithm::iequals(header.substr(0, 7), "Bearer ");
    if (bearer && tokens.check(header.substr(7)) == token_check::valid)
        return std::nullopt;
    counters.auth_failure();
    std::string body =
        "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials. "
        "Expected OAuth 2 access token, login cookie or other valid authentication credential. "
        "See https://developers.google.com/identity/sign-in/web/devconsole-project.\","
        "\"errors\":[{\"message\":\"Invalid "
        "Credentials\",\"domain\":\"global\",\"reason\":\"authError\","
        "\"location\":\"Authorization\",\"locationType\":\"header\"}],\"status\":"
        "\"UNAUTHENTICATED\"}}";
    reply r = json_reply(401, std::move(body));
    r.headers.emplace_back(
        "WWW-Authenticate",
        "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"");
    return r;
}

} // namespace

std::optional<std::string_view> gcp_route(boost::urls::url_view url) {
    const auto m = match(url);
    if (!m)
        return std::nullopt;
    return m->name;
}

reply google_error(unsigned status, std::string_view rpc_status, std::string_view reason,
                   std::string_view message) {
    std::string body = "{\"error\":{\"code\":" + std::to_string(status) + ",";
    append_member(body, "message", message);
    body += "\"errors\":[{";
    append_member(body, "message", message);
    append_member(body, "domain", "global");
    append_member(body, "reason", reason, false);
    body += "}],";
    append_member(body, "status", rpc_status, false);
    body += "}}";
    return json_reply(status, std::move(body));
}

reply google_throttled(std::chrono::seconds retry_after) {
    std::string body =
        "{\"error\":{\"code\":429,\"message\":\"Quota exceeded for quota metric 'Read requests' "
        "and limit "
        "'Read requests per minute' of service "
        "'compute.googleapis.com'.\",\"status\":\"RESOURCE_EXHAUSTED\","
        "\"details\":[{\"@type\":\"type.googleapis.com/"
        "google.rpc.ErrorInfo\",\"reason\":\"RATE_LIMIT_EXCEEDED\","
        "\"domain\":\"googleapis.com\",\"metadata\":{\"service\":\"compute.googleapis.com\"}}]}}";
    reply r = json_reply(429, std::move(body));
    r.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
    return r;
}

reply google_server_error(unsigned status, std::chrono::seconds retry_after) {
    if (status == 503) {
        reply r = google_error(503, "UNAVAILABLE", "backendError",
                               "The service is currently unavailable.");
        r.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
        return r;
    }
    return google_error(status, "INTERNAL", "backendError", "Internal error. Please try again.");
}

reply google_rate_limited_403() {
    return google_error(403, "PERMISSION_DENIED", "rateLimitExceeded",
                        "Rate Limit Exceeded");
}

reply google_forbidden() {
    return google_error(403, "PERMISSION_DENIED", "forbidden",
                        "The caller does not have permission");
}

reply handle_gcp_request(const gcp_config& config, const gcp_estate& estate,
                         const token_store& tokens, stats& counters, const http_request& request,
                         boost::urls::url_view url) {
    if (auto denied = check_google_bearer(tokens, counters, request))
        return std::move(*denied);
    const auto m = match(url);
    if (!m)
        return google_error(404, "NOT_FOUND", "notFound",
                            "The requested URL was not found on this server.");
    if (request.method() != http::verb::get) {
        return google_error(405, "UNIMPLEMENTED", "httpMethodNotAllowed",
                            "HTTP method not allowed.");
    }
    if (m->name == "gcpProjects")
        return projects_reply(config, estate, url);
    if (m->name == "gcpBuckets" && m->project.empty())
        return google_error(400, "INVALID_ARGUMENT", "required", "Required parameter: project");
    const auto* p = estate.find(m->project);
    if (p == nullptr || !p->active) {
        return google_error(404, "NOT_FOUND", "notFound",
                            "The resource 'projects/" + m->project + "' was not found");
    }
    if (m->monitoring)
        return monitoring_reply(config, estate, *p, m->name, url);
    if (m->name == "gcpBuckets") {
        if (p->storage_disabled)
            return detail::service_disabled(p->number, "Cloud Storage JSON API",
                                            "storage-api.googleapis.com");
        return buckets_reply(config, estate, *p, url);
    }
    if (m->name == "gcpRunLocations" || m->name == "gcpRunServices") {
        if (p->run_disabled || (p->run_services_disabled && m->name == "gcpRunServices"))
            return detail::service_disabled(p->number, "Cloud Run Admin API", "run.googleapis.com");
        if (m->name == "gcpRunLocations")
            return run_locations_reply(config, estate, *p, url);
        return run_services_reply(config, estate, *p, m->location, url);
    }
    if (p->compute_disabled)
        return detail::service_disabled(p->number, "Compute Engine API", "compute.googleapis.com");
    if (m->name == "gcpInstances")
        return instances_reply(config, estate, *p, url);
    if (m->name == "gcpSubnetworks")
        return subnetworks_reply(config, estate, *p, url);
    return networks_reply(config, *p, url);
}

} // namespace cloudsync::cloudsim
