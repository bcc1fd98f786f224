// Parse of one page of Cloud Storage buckets (`GET storage/v1/b?project=P&
// projection=full`, `{"kind": "storage#buckets", "items": [Bucket...],
// "nextPageToken"}`, the envelope of a plain Compute list, compute_page.hpp)
// into `storage` records of type "bucket". Requests and paging are not here.
//
// A record:
// - native_id: the bucket's full resource name in the form Cloud Storage's own
//   v2 API and IAM use, "//storage.googleapis.com/projects/_/buckets/NAME"
//   (bucket_name_prefix + NAME). Bucket names are global, so the "_" project
//   is Google's spelling for "any": the id does not change when a bucket's
//   listing project or the endpoint (www.googleapis.com, storage.googleapis.com,
//   a test server) does. The selfLink is not used for it.
// - name: `name`; region: `location` lower-cased ("US" -> "us", a multi-region;
//   "EUROPE-WEST4" -> "europe-west4"); tags: `labels`; raw: the bucket as listed.
// - type "bucket"; encrypted always true (Cloud Storage encrypts every object;
//   raw keeps encryption.defaultKmsKeyName when a customer key is set);
//   versioning: versioning.enabled (absent: false).
// - public_access: false when iamConfiguration.publicAccessPrevention is
//   "enforced" (nothing can be made public); else true when an entry of `acl`
//   or `defaultObjectAcl` names allUsers or allAuthenticatedUsers and uniform
//   bucket-level access is off (with it on, ACLs do not apply); else false.
//   What the list cannot tell: the bucket's IAM policy (a binding of allUsers
//   to roles/storage.objectViewer) is not in the list, it needs
//   buckets.getIamPolicy per bucket; nor are object ACLs. So false means "not
//   public by prevention or by what the list shows", not a proof. A page read
//   without projection=full has no ACLs: then only prevention is seen.
#pragma once

#include "collectors/gcp/compute_page.hpp"
#include "inventory/record.hpp"

#include <string_view>

namespace cloudsync::collectors::gcp {

inline constexpr std::string_view bucket_name_prefix =
    "//storage.googleapis.com/projects/_/buckets/";

// Throws page_error naming the URL path and the place (see parse_compute_page;
// `items` that is not an array; a bucket that is not an object, without a
// name, with a name containing '/', or with a member of the wrong type among
// name, location, labels (object of strings), versioning{enabled},
// iamConfiguration{publicAccessPrevention, uniformBucketLevelAccess{enabled}},
// acl and defaultObjectAcl (arrays of objects with a string entity)).
compute_page<inventory::record> parse_bucket_page(std::string_view text, std::string_view url);
// The same from a page already parsed with parse_compute_page.
compute_page<inventory::record> parse_bucket_page(const raw_compute_page& raw);

} // namespace cloudsync::collectors::gcp
