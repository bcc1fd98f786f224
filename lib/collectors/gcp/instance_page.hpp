// Parse of one page of Compute Engine instances, from an aggregated list
// (`projects/P/aggregated/instances`) or a zonal one (`.../zones/Z/instances`),
// into `vms` records, and the normalization of instance statuses and OS names.
// A record: native_id the instance's full resource name (resource_name.hpp),
// name, region the zone's region (the zone stays in raw), tags the labels,
// raw the instance as listed except metadata values (see instance_raw), and
// vm_columns as below. Requests and paging are not here.
#pragma once

#include "collectors/gcp/compute_page.hpp"
#include "inventory/record.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace cloudsync::collectors::gcp {

// Throws page_error (see parse_compute_page; an instance that is not an object,
// without a selfLink of the shape projects/P/zones/Z/instances/NAME, in another
// zone than its scope, or with a member of the wrong type among id, name,
// status, machineType, labels (object of strings), networkInterfaces, disks).
compute_page<inventory::record> parse_instance_page(std::string_view text, std::string_view url);
// The same from a page already parsed with item key "instances".
compute_page<inventory::record> parse_instance_page(const raw_compute_page& raw);

// RUNNING -> running; PROVISIONING, STAGING -> starting; STOPPING, SUSPENDING
// -> stopping; TERMINATED, STOPPED, SUSPENDED -> stopped (a TERMINATED instance
// still exists, stopped); anything else (REPAIRING, DEPROVISIONING, "") ->
// unknown. Case-insensitive.
inventory::vm_state normalize_instance_status(std::string_view status);

// The OS family of an instance from its boot disk (the first disks[] entry with
// boot: true), "windows", "linux" or "" when it cannot be told:
// - windows: guestOsFeatures has type WINDOWS, or a license of the public
//   image projects windows-cloud or windows-sql-cloud;
// - linux: a license of a public Linux image project (debian-cloud,
//   ubuntu-os-cloud, ubuntu-os-pro-cloud, cos-cloud, centos-cloud, rhel-cloud,
//   rhel-sap-cloud, rocky-linux-cloud, almalinux-cloud, suse-cloud,
//   suse-sap-cloud, opensuse-cloud, fedora-coreos-cloud, oracle-linux-cloud);
// - "" otherwise (a custom image without such a license: nothing says).
// Licenses are the boot disk's `licenses` URLs, whose project is the image's
// publisher. Throws page_error (at `at`) when disks or a boot disk's licenses
// or guestOsFeatures have the wrong type.
std::string instance_os(const boost::json::object& instance, const detail::location& at);

// The instance as JSON text for raw, without the values of metadata.items[]
// (startup scripts, GKE's kube-env, user-data: they may hold credentials, and
// readers of the inventory need not see them); the keys stay.
std::string instance_raw(const boost::json::value& instance);

} // namespace cloudsync::collectors::gcp
