// The ids of Compute Engine resources in inventory rows. A row's native_id is
// the resource's full resource name as Google defines it (AIP-122, the form
// Cloud Asset Inventory uses): "//compute.googleapis.com/" + the relative name
// "projects/P/zones/Z/instances/NAME". It is derived from the selfLink, whose
// host and API version vary (www.googleapis.com or compute.googleapis.com, v1 or
// beta, a test server's address), so the id stays the same whichever endpoint
// and version the collector used, and a network's id equals the `network` URL a
// subnetwork names. Other APIs' resources (Monitoring's alert policies, Cloud
// Run's services) get the same form from the relative name their list gives.
// Parsing of page bodies is not here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::collectors::gcp {

inline constexpr std::string_view compute_name_prefix = "//compute.googleapis.com/";

// The full resource name of a Compute Engine link when its relative part has
// the shape of `pattern`, segments separated by '/', "*" matching any
// non-empty segment: e.g. "projects/*/zones/*/instances/*". The link may be a
// URL (".../compute/v1/projects/..."), a relative name ("projects/...") or a
// full name ("//compute.googleapis.com/projects/..."); the relative part starts
// at its first "projects/" segment and ends before any '?' or '#'. nullopt when
// the link does not match.
std::optional<std::string> compute_resource_name(std::string_view link, std::string_view pattern);

// The same full-name form for a resource of another Google API, whose list
// gives its relative name itself (Monitoring's alert policy `name`
// "projects/P/alertPolicies/ID"): service_prefix + name when name is exactly a
// relative name of the shape of `pattern` (no URL, no '?' or '#'), e.g.
// "//monitoring.googleapis.com/projects/P/alertPolicies/ID"; nullopt otherwise.
inline constexpr std::string_view monitoring_name_prefix = "//monitoring.googleapis.com/";
inline constexpr std::string_view run_name_prefix = "//run.googleapis.com/";
std::optional<std::string> full_resource_name(std::string_view service_prefix,
                                              std::string_view name, std::string_view pattern);

// The id after `collection` in a resource name or link (collection/id pairs
// from "projects/"), e.g. segment_after(id, "zones") = "europe-west4-a"; ""
// when there is none.
std::string segment_after(std::string_view name, std::string_view collection);

// The region of a zone: "europe-west4-a" -> "europe-west4" (a zone name is its
// region's name, '-', and a suffix). "" when zone has no '-' or ends with one.
std::string region_of_zone(std::string_view zone);

} // namespace cloudsync::collectors::gcp
