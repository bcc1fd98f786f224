// The generated GCP estate of the sim: projects (ACTIVE and some
// DELETE_REQUESTED), and per project Compute instances in zones (statuses,
// internal and external IPs, labels, boot disks), VPC networks (network 0 has
// one subnetwork per region of the zones; a third network and beyond are
// legacy networks with an IPv4Range and no subnetworks) and their subnetworks,
// Cloud Storage buckets (locations, labels, versioning, public or not) and
// Cloud Run services (a region of the zones, ready or failed, one or two
// containers, labels), and Cloud Monitoring alert policies (enabled or not,
// severity, threshold conditions, user labels).
// Unlike the Azure inventory it is stored explicitly (one small struct per
// instance): GCP tests use estates of thousands, not millions. Everything is a
// pure function of the options and the mutations applied since. Per project
// switches: the Compute, Storage, Cloud Run or Monitoring API disabled, zones
// unreachable. Rendering to Google's JSON lives in gcp_compute.hpp,
// gcp_storage.hpp, gcp_run.hpp, gcp_monitoring.hpp and gcp_time_series.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::cloudsim {

struct gcp_estate_options {
    std::uint64_t seed = 1;
    std::uint32_t projects = 0;         // ACTIVE projects; 0 = no GCP estate
    std::uint32_t deleted_projects = 1; // DELETE_REQUESTED ones, listed by projects:search too
    std::uint32_t instances_per_project = 20;
    std::uint32_t networks_per_project = 2;
    std::uint32_t buckets_per_project = 4;
    std::uint32_t services_per_project = 3; // Cloud Run services
    std::uint32_t alert_policies_per_project = 3;
    std::vector<std::string> zones = {"us-central1-a", "us-central1-b", "europe-west4-a",
                                      "asia-east1-b"};
};

struct gcp_instance {
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
    std::uint32_t zone = 0;     // index into options().zones
    std::string status;         // Compute's word: RUNNING, TERMINATED, ...
    std::uint32_t revision = 0; // label changes so far
    bool public_ip = false;
    bool windows = false;
};

// A bucket; its other properties are functions of hash (gcp_bucket_* below).
struct gcp_bucket {
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
    std::uint32_t revision = 0; // changes so far: each flips versioning
};

// A Cloud Run service; its other properties are functions of hash and
// revision (gcp_service_* below).
struct gcp_service {
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
    std::uint32_t revision = 0; // changes so far: each flips ready/failed and the image tag
};

// An alert policy; its other properties are functions of index and hash
// (gcp_alert_policy_* below).
struct gcp_alert_policy {
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
    std::uint32_t revision = 0; // changes so far: each flips enabled
};

struct gcp_subnetwork {
    std::string name;
    std::string region;
    std::string cidr;
    std::string secondary_cidr; // "" = none
};

struct gcp_network {
    std::uint32_t index = 0;
    std::string name;
    std::string legacy_range; // IPv4Range of a legacy network, "" for VPC networks
    std::vector<gcp_subnetwork> subnetworks;
};

struct gcp_project {
    std::uint32_t index = 0;
    std::string id;                          // sim-project-0001
    std::string number;                      // decimal, 12 digits
    bool active = true;                      // false: DELETE_REQUESTED
    bool compute_disabled = false;           // every Compute route answers 403 SERVICE_DISABLED
    std::set<std::string> unreachable_zones; // left out of aggregated/instances, named UNREACHABLE
    std::vector<gcp_instance> instances;     // live ones, by index
    std::uint64_t next_index = 0;
    std::vector<gcp_network> networks;
    bool storage_disabled = false;   // the bucket list answers 403 SERVICE_DISABLED
    std::vector<gcp_bucket> buckets; // live ones, by index
    std::uint64_t next_bucket = 0;
    bool run_disabled = false;         // both Cloud Run lists answer 403 SERVICE_DISABLED
    // Only the services lists answer it: the API switched off between a
    // client's location list and its services lists.
    bool run_services_disabled = false;
    std::vector<gcp_service> services; // live ones, by index
    std::uint64_t next_service = 0;
    bool monitoring_disabled = false;             // Monitoring routes answer 403 SERVICE_DISABLED
    std::vector<gcp_alert_policy> alert_policies; // live ones, by index
    std::uint64_t next_alert_policy = 0;
};

// Per project: `add` new instances, `change` (status flips RUNNING <->
// TERMINATED, labels revised) and `remove` of the live ones, picked by seed;
// and the same numbers of buckets (a changed bucket flips its versioning and
// its revision label), of Cloud Run services (a changed service flips between
// ready and failed and gets a new image tag and revision label) and of alert
// policies (a changed one flips enabled and its revision label).
struct gcp_mutation {
    std::uint64_t seed = 1;
    std::uint32_t add = 0;
    std::uint32_t change = 0;
    std::uint32_t remove = 0;
};

class gcp_estate {
public:
    // Throws cloudsim_error on no zones or a zone name without a region ("a-b").
    explicit gcp_estate(gcp_estate_options options);

    const gcp_estate_options& options() const { return options_; }
    const std::vector<gcp_project>& projects() const { return projects_; }
    const gcp_project* find(std::string_view project_id) const;
    gcp_project* find(std::string_view project_id);
    std::vector<std::string> regions() const; // of the zones, in first-seen order

    void apply(const gcp_mutation& m);

private:
    gcp_instance make_instance(const gcp_project& p, std::uint64_t index) const;
    void apply_to_services(gcp_project& p, const gcp_mutation& m) const;
    gcp_alert_policy make_alert_policy(const gcp_project& p, std::uint64_t index) const;
    void apply_to_alert_policies(gcp_project& p, const gcp_mutation& m) const;

    gcp_estate_options options_;
    std::vector<gcp_project> projects_;
    std::uint32_t generation_ = 0;
};

// "europe-west4" for "europe-west4-a".
std::string gcp_zone_region(std::string_view zone);
std::string gcp_instance_name(const gcp_project& p, const gcp_instance& i);
std::string gcp_instance_id(const gcp_project& p, const gcp_instance& i); // uint64 decimal
// In network 0's subnetwork of the instance's region (region_index into regions()).
std::string gcp_private_ip(const gcp_project& p, const gcp_instance& i, std::size_t region_index);
std::string gcp_public_ip(const gcp_instance& i); // "" when it has none
std::string gcp_machine_type(const gcp_instance& i);
// Globally unique: "sim-project-0001-bucket-0003".
std::string gcp_bucket_name(const gcp_project& p, const gcp_bucket& b);
// "US" (a multi-region) for every fourth bucket, else a region of the zones
// upper-cased ("EUROPE-WEST4"), as Cloud Storage spells locations.
std::string gcp_bucket_location(const gcp_estate& estate, const gcp_bucket& b);
bool gcp_bucket_versioning(const gcp_bucket& b);
// Every fourth bucket has an allUsers READER ACL entry (publicAccessPrevention
// inherited); of the others half have publicAccessPrevention enforced.
bool gcp_bucket_public(const gcp_bucket& b);
bool gcp_bucket_prevention_enforced(const gcp_bucket& b);
// Unique within a project: "service-0003".
std::string gcp_service_name(const gcp_service& s);
// A region of the zones (regions()).
std::string gcp_service_location(const gcp_estate& estate, const gcp_service& s);
// The regions Cloud Run lists for a project: the zones' regions, then a few
// more without services (the real list has about 40, most of them empty).
std::vector<std::string> gcp_run_locations(const gcp_estate& estate);
// terminalCondition CONDITION_SUCCEEDED, else CONDITION_FAILED: about a third
// fail at first, and every change flips it.
bool gcp_service_ready(const gcp_service& s);
// template.containers[].image in order: the service's own image tagged with
// its revision, and for every other service a sidecar.
std::vector<std::string> gcp_service_images(const gcp_estate& estate, const gcp_project& p,
                                            const gcp_service& s);
// Services with index % 3 == 2 have no labels; the others env, owner, revision.
bool gcp_service_labelled(const gcp_service& s);
// A numeric id, unique in its project (index < 1,000,000).
std::string gcp_alert_policy_id(const gcp_alert_policy& a);
// "projects/sim-project-0001/alertPolicies/<id>", as Monitoring names it.
std::string gcp_alert_policy_name(const gcp_project& p, const gcp_alert_policy& a);
std::string gcp_alert_policy_display_name(const gcp_alert_policy& a);
// One policy in five is disabled; each change flips it.
bool gcp_alert_policy_enabled(const gcp_alert_policy& a);
// CRITICAL, ERROR, WARNING, or "" (none set) for every fourth.
std::string gcp_alert_policy_severity(const gcp_alert_policy& a);
// 1, or 2 for every third policy (a CPU and a network threshold, ANDed).
std::size_t gcp_alert_policy_conditions(const gcp_alert_policy& a);
// Whether it has userLabels (env, owner, revision): all but every third.
bool gcp_alert_policy_labelled(const gcp_alert_policy& a);

} // namespace cloudsync::cloudsim
