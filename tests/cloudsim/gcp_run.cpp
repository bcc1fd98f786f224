#include "cloudsim/gcp_run.hpp"

#include "cloudsim/detail/google_list.hpp"
#include "cloudsim/detail/json_out.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace cloudsync::cloudsim {

namespace {

using detail::append_member;

// Run documents no maximum pageSize; the sim serves up to this many.
constexpr std::size_t run_page_limit = 1000;

std::string_view display_name(std::string_view location) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> names{{
        {"us-central1", "Iowa"},
        {"us-east1", "South Carolina"},
        {"europe-west1", "Belgium"},
        {"europe-west4", "Netherlands"},
        {"asia-east1", "Taiwan"},
        {"asia-northeast1", "Tokyo"},
    }};
    for (const auto& [id, name] : names)
        if (id == location)
            return name;
    return location;
}

// Run's v2 errors carry code, message and status only (errors.md).
reply run_error(unsigned status, std::string_view rpc_status, std::string_view message) {
    std::string body = "{\"error\":{\"code\":" + std::to_string(status) + ",";
    append_member(body, "message", message);
    append_member(body, "status", rpc_status, false);
    body += "}}";
    return json_reply(status, std::move(body));
}

void append_next(std::string& out, std::size_t end, std::size_t total) {
    if (end < total) {
        out += ',';
        append_member(out, "nextPageToken", std::string(detail::token_prefix) + std::to_string(end),
                      false);
    }
}

void append_condition(std::string& out, std::string_view type, bool ready,
                      std::string_view revision) {
    out += '{';
    append_member(out, "type", type);
    append_member(out, "state", ready ? "CONDITION_SUCCEEDED" : "CONDITION_FAILED");
    if (!ready) {
        append_member(out, "message",
                      "Revision '" + std::string(revision) +
                          "' is not ready and cannot serve traffic. The user-provided container "
                          "failed to start and listen on the port defined provided by the "
                          "PORT=8080 environment variable.");
        append_member(out, "revisionReason", "HEALTH_CHECK_CONTAINER_ERROR");
    }
    append_member(out, "lastTransitionTime", "2024-06-28T14:22:04.115832Z", false);
    out += '}';
}

void append_containers(std::string& out, const std::vector<std::string>& images) {
    out += "\"containers\":[";
    for (std::size_t k = 0; k < images.size(); ++k) {
        if (k != 0)
            out += ',';
        out += '{';
        append_member(out, "image", images[k]);
        if (k == 0) {
            out += "\"ports\":[{\"containerPort\":8080,\"name\":\"http1\"}],";
        } else {
            append_member(out, "name", "sidecar-" + std::to_string(k));
        }
        out += "\"resources\":{\"cpuIdle\":true,\"limits\":{\"cpu\":\"1000m\","
               "\"memory\":\"512Mi\"},\"startupCpuBoost\":true}}";
    }
    out += "],";
}

void render_service(std::string& out, const gcp_estate& estate, const gcp_project& p,
                    const gcp_service& s) {
    const std::string location = gcp_service_location(estate, s);
    const std::string id = gcp_service_name(s);
    const std::string name = "projects/" + p.id + "/locations/" + location + "/services/" + id;
    const std::string revision =
        name + "/revisions/" + id + "-" + std::to_string(100001 + s.revision).substr(1) + "-sim";
    const bool ready = gcp_service_ready(s);
    const std::string generation = std::to_string(1 + s.revision);
    const std::string account = p.number + "-compute@developer.gserviceaccount.com";
    out += '{';
    append_member(out, "name", name);
    append_member(out, "uid",
                  "4ca2c930-7962-4fce-" + std::to_string(9000 + s.index % 1000) + "-" +
                      std::to_string(100000000000ULL + s.hash % 899999999999ULL));
    append_member(out, "generation", generation);
    if (gcp_service_labelled(s)) {
        out += "\"labels\":{";
        append_member(out, "env", (s.hash >> 20) % 2 == 0 ? "prod" : "dev");
        append_member(out, "owner", "team-" + std::to_string((s.hash >> 24) % 8));
        append_member(out, "revision", std::to_string(s.revision), false);
        out += "},";
    }
    append_member(out, "createTime", "2024-06-28T14:21:58.431731Z");
    append_member(out, "updateTime", "2024-06-28T14:21:58.431731Z");
    append_member(out, "creator", "deployer@" + p.id + ".iam.gserviceaccount.com");
    append_member(out, "lastModifier", account);
    append_member(out, "client", "gcloud");
    append_member(out, "clientVersion", "481.0.0");
    append_member(out, "ingress", "INGRESS_TRAFFIC_ALL");
    append_member(out, "launchStage", "GA");
    out += "\"template\":{";
    append_containers(out, gcp_service_images(estate, p, s));
    out += "\"maxInstanceRequestConcurrency\":80,\"scaling\":{\"maxInstanceCount\":100},";
    append_member(out, "serviceAccount", account);
    append_member(out, "timeout", "300s", false);
    out += "},\"traffic\":[{\"percent\":100,\"type\":\"TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST\"}],";
    append_member(out, "observedGeneration", generation);
    out += "\"terminalCondition\":";
    append_condition(out, "Ready", ready, revision);
    out += ",\"conditions\":[";
    append_condition(out, "RoutesReady", ready, revision);
    out += ',';
    append_condition(out, "ConfigurationsReady", true, revision);
    out += "],";
    append_member(out, "latestCreatedRevision", revision);
    if (ready) {
        append_member(out, "latestReadyRevision", revision);
        out += "\"trafficStatuses\":[{\"percent\":100,\"type\":"
               "\"TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST\"}],";
        append_member(out, "uri",
                      "https://" + id + "-" + std::to_string(s.hash % 1000000000ULL) +
                          ".a.run.app");
    }
    append_member(out, "etag", "\"sim-" + generation + "\"", false);
    out += '}';
}

} // namespace

reply run_locations_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                          boost::urls::url_view url) {
    detail::window w;
    if (auto bad = detail::read_window(config.page_size, url, "pageSize", run_page_limit, w))
        return std::move(*bad);
    const auto locations = gcp_run_locations(estate);
    const std::size_t end = std::min(locations.size(), w.start + w.size);
    std::string out = "{\"locations\":[";
    for (std::size_t k = w.start; k < end; ++k) {
        if (k != w.start)
            out += ',';
        out += '{';
        append_member(out, "name", p.id + "/locations/" + locations[k]);
        if (k % 2 == 0)
            out += "\"labels\":{\"run.googleapis.com/supportsPzs\":\"true\"},";
        append_member(out, "locationId", locations[k]);
        append_member(out, "displayName", display_name(locations[k]), false);
        out += '}';
    }
    out += ']';
    append_next(out, end, locations.size());
    out += '}';
    return json_reply(200, std::move(out));
}

reply run_services_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                         std::string_view location, boost::urls::url_view url) {
    const auto locations = gcp_run_locations(estate);
    if (std::find(locations.begin(), locations.end(), location) == locations.end())
        return run_error(404, "NOT_FOUND",
                         "Location '" + std::string(location) + "' is not a Cloud Run region.");
    detail::window w;
    if (auto bad = detail::read_window(config.page_size, url, "pageSize", run_page_limit, w))
        return std::move(*bad);
    std::vector<const gcp_service*> listed; // newest first, as Run sorts by creation time
    for (auto it = p.services.rbegin(); it != p.services.rend(); ++it)
        if (gcp_service_location(estate, *it) == location)
            listed.push_back(&*it);
    const std::size_t end = std::min(listed.size(), w.start + w.size);
    std::string out = "{";
    if (w.start < end) {
        out += "\"services\":[";
        for (std::size_t k = w.start; k < end; ++k) {
            if (k != w.start)
                out += ',';
            render_service(out, estate, p, *listed[k]);
        }
        out += ']';
    }
    if (end < listed.size()) {
        if (w.start < end)
            out += ',';
        append_member(out, "nextPageToken", std::string(detail::token_prefix) + std::to_string(end),
                      false);
    }
    out += '}';
    return json_reply(200, std::move(out));
}

} // namespace cloudsync::cloudsim
