// Cloud Storage routes of the sim, in Google's wire shape: the bucket list
// `GET /storage/v1/b?project=P[&projection=full|noAcl][&maxResults=N]
// [&pageToken=T]` (storage#buckets of storage#bucket, ACLs, defaultObjectAcl
// and owner only with projection=full). maxResults 0..1000 (default 1000),
// capped by the sim's page size. The bearer check, faults and routing are
// gcp_compute.cpp's (handle_gcp_request); a project with the Storage API
// disabled answers 403 SERVICE_DISABLED there.
#pragma once

#include "cloudsim/gcp_compute.hpp"

namespace cloudsync::cloudsim {

reply buckets_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                    boost::urls::url_view url);

} // namespace cloudsync::cloudsim
