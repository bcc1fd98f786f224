// The JSON control API under /_sim/ that the `cloudsim` executable exposes to
// the demo and benchmarks (the in-process tests call server methods instead):
//   GET  /_sim/health                 {"status":"ok"}
//   GET  /_sim/inventory              current inventory summary
//   POST /_sim/inventory              {"seed","subscriptions","vms_per_subscription",
//                                      "regions"?,"tenant_id"?, and the estate sizes
//                                      "storage_accounts_per_subscription"?,
//                                      "containers_per_storage_account"?,
//                                      "virtual_networks_per_subscription"?,
//                                      "container_groups_per_subscription"?,
//                                      "metric_alerts_per_subscription"?,
//                                      "fired_alerts_per_subscription"?} -> summary
//   POST /_sim/mutate                 {"seed","add_share","change_share","remove_share"}
//                                      -> {"generation","added","changed","removed",
//                                          "estate":{"<kind>":{"added","changed","removed"}}}
//   POST /_sim/gcp/mutate             {"seed","add","change","remove"}: per GCP project,
//                                      that many instances, buckets, Cloud Run services
//                                      and alert policies -> {"live_instances"}
//   POST /_sim/gcp/apis               {"project","api":"compute|storage|run|monitoring",
//                                      "enabled":bool}: a disabled API answers 403
//                                      SERVICE_DISABLED (404 unknown project, 400 api)
//   POST /_sim/aws/mutate             {"account"?,"region","instance_id","state"} | {"region",
//                                      "add_instances"} | {"region","instance_id","remove":true}
//                                      | {"add_buckets"} | {"bucket","remove":true}
//                                      -> {"live_instances","buckets"} (400 unknown names)
//   POST /_sim/aws/expire-sessions    every AWS session (AssumeRole, IMDS) now expired
//   POST /_sim/page-size              {"page_size":N}
//   POST /_sim/clients                {"tenant_id","client_id","client_secret"}
//   POST /_sim/client-certificates    {"tenant_id","client_id","certificate_pem"}
//   POST /_sim/managed-identities     {"client_id"} (a user-assigned identity)
//   POST /_sim/faults                 one fault object or {"faults":[...]}: {"kind","match"?,
//                                      "count"?,"status"?,"retry_after"?,"delay_ms"?};
//                                      kinds: throttle, server_error, delay, cut_body,
//                                      malformed_json, expire_tokens, forbidden
//   GET  /_sim/faults                 {"pending":N}      DELETE /_sim/faults clears
//   GET  /_sim/stats                  counters           POST /_sim/stats/reset
//   POST /_sim/expire-tokens
//   GET  /_sim/latency                {"latency_ms","jitter_ms"}
//   POST /_sim/latency                {"latency_ms"?,"jitter_ms"?} (absent: unchanged) -> settings
//   GET  /_sim/rate-limit             {"capacity","refill_per_second"} (capacity 0 = off)
//   POST /_sim/rate-limit             {"capacity"?,"refill_per_second"?} -> settings; refills every
//   bucket
// The stats carry "throttled" (every 429) and "rate_limited" (429s of the read buckets).
// Bad input answers 400 {"error":"..."}; unknown paths 404.
#pragma once

#include "cloudsim/reply.hpp"

#include <boost/url/url_view.hpp>

namespace cloudsync::cloudsim {

class server;

reply handle_control(server& sim, const http_request& request, boost::urls::url_view url);

} // namespace cloudsync::cloudsim
