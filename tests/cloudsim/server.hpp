// cloudsim's server: one plain-HTTP/1.1 (keep-alive) listener on loopback
// that speaks the Entra ID token endpoint (secret or certificate), the IMDS
// managed-identity token endpoint, ARM, and the regional metrics:getBatch
// endpoint under /{region}/ (see entra.hpp, imds.hpp, arm.hpp,
// metrics_batch.hpp), Google's OAuth token endpoint at /token and the GCE
// metadata server's token route (google_oauth.hpp, gce_metadata.hpp), Compute
// Engine and Resource Manager (gcp_compute.hpp), AWS STS, EC2, S3, CloudWatch
// and ECS under /aws/<service>/<region>/ with every SigV4 signature recomputed
// (aws_services.hpp) and the EC2 IMDSv2 credentials at /latest/ (aws_imds.hpp),
// plus JSON controls under /_sim/ (control.hpp). Tests drive it in-process
// through this class; the `cloudsim` executable wraps it for the demo/bench.
//
// Thread safety: every public method may be called from any thread while the
// server runs. Inventory changes swap an immutable snapshot, so a page being
// rendered keeps the snapshot it started with.
#pragma once

#include "cloudsim/aws_estate.hpp"
#include "cloudsim/entra.hpp"
#include "cloudsim/faults.hpp"
#include "cloudsim/gce_metadata.hpp"
#include "cloudsim/gcp_estate.hpp"
#include "cloudsim/google_oauth.hpp"
#include "cloudsim/inventory.hpp"
#include "cloudsim/latency.hpp"
#include "cloudsim/rate_limit.hpp"
#include "cloudsim/reply.hpp"
#include "cloudsim/stats.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::cloudsim {

// What the sim serves and how. Besides the estate (inventory_options: seed,
// subscriptions — N deterministic GUIDs listed by GET /subscriptions, paged by
// subscription_page_size — and sizes per subscription), three knobs make it
// behave like a far, busy cloud (all off by default):
// - latency: every ARM, metrics and token answer waits latency.fixed plus a
//   uniform [0, latency.jitter] (CLI --latency 100ms --latency-jitter 20ms,
//   control POST /_sim/latency {"latency_ms","jitter_ms"});
// - read_rate_limit: a token bucket per subscription for requests under
//   /subscriptions/{id}/ (CLI --rate-limit-capacity N --rate-limit-refill R,
//   control POST /_sim/rate-limit {"capacity","refill_per_second"}); see arm.hpp;
// - threads: the I/O threads that render pages (delays never hold one).
struct options {
    std::string address = "127.0.0.1";
    unsigned short port = 0; // 0 = ephemeral, read port() after start()
    unsigned threads = 2;
    inventory_options inventory;
    std::size_t page_size = 1000;              // VMs / NICs / public IPs per page
    std::size_t subscription_page_size = 100;
    std::vector<client_credential> clients;    // who may get tokens
    std::vector<client_certificate> client_certificates; // certificate credentials (JWT assertions)
    std::chrono::seconds token_lifetime{3599};
    // Scopes accepted besides "<base_url>/.default" (and "<base_url>//.default")
    // and "<metrics_audience>/.default".
    std::vector<std::string> extra_scopes;
    // The audience of metrics tokens (scope "<it>/.default", IMDS resource "<it>").
    std::string metrics_audience = "https://metrics.monitor.azure.com";
    // Managed identities the IMDS endpoint serves: the system-assigned one
    // (requests without client_id) and user-assigned ones by client id.
    bool system_assigned_identity = true;
    std::string system_identity_client_id = "5a1e5a1e-0000-4000-8000-00000000000a";
    std::vector<std::string> user_assigned_identities;
    std::chrono::seconds managed_identity_token_lifetime{86399};
    // Google: service accounts (public keys) and authorized users that may get
    // tokens at {base_url}/token, the scopes accepted there, and the VM's
    // metadata-server identity.
    std::vector<google_service_account> google_service_accounts;
    std::vector<google_user> google_users;
    std::vector<std::string> google_scopes{std::string(google_cloud_platform_scope)};
    std::chrono::seconds google_token_lifetime{3599};
    gce_metadata_config gce_metadata;
    // The GCP estate Compute and Resource Manager serve (gcp_compute.hpp), and
    // the most items a GCP page holds whatever maxResults/pageSize ask.
    gcp_estate_options gcp;
    std::size_t gcp_page_size = 500;
    // The AWS estate served under /aws/<service>/<region>/ (aws_services.hpp),
    // and the most items an EC2 page holds when MaxResults is absent.
    aws_estate_options aws;
    std::size_t aws_page_size = 1000;
    // IMDSv2 at /latest/: the account whose instance profile it serves ("" = none).
    std::string aws_instance_profile_account;
    latency_options latency;             // fixed + jitter per cloud answer
    rate_limit_options read_rate_limit;  // capacity 0 = unlimited
};

class server {
public:
    // Builds the inventory; throws cloudsim_error on bad options. Nothing listens yet.
    explicit server(options opts);
    ~server(); // stop()
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Binds and starts the I/O threads; throws cloudsim_error when it cannot bind.
    void start();
    unsigned short port() const;
    std::string base_url() const; // "http://127.0.0.1:PORT", no trailing slash
    // Closes the listener and every connection, joins the threads. Idempotent.
    void stop();

    void set_inventory(inventory_options inventory); // new inventory, generation 0
    mutation_summary mutate(const mutation& m);
    std::shared_ptr<const inventory> inventory_snapshot() const;
    void set_page_size(std::size_t page_size);
    std::size_t page_size() const;
    void add_client(client_credential client);
    // Throws cloudsim_error when certificate_pem holds no certificate.
    void add_client_certificate(client_certificate certificate);
    void add_user_assigned_identity(std::string client_id);
    void add_google_service_account(google_service_account account);
    void add_google_user(google_user user);

    // GCP: a new estate; a mutation between runs; any other edit (a project's
    // Compute API disabled, a zone unreachable) as copy, edit, swap.
    void set_gcp_estate(gcp_estate_options estate);
    void mutate_gcp(const gcp_mutation& m);
    void edit_gcp(const std::function<void(gcp_estate&)>& edit);
    std::shared_ptr<const gcp_estate> gcp_snapshot() const;
    void set_gcp_page_size(std::size_t page_size); // throws cloudsim_error on 0

    // AWS: a new estate; a mutation between runs (throws cloudsim_error on an
    // unknown account, region, instance or bucket); every session issued so
    // far (AssumeRole, instance profile) expired, so its keys get ExpiredToken.
    void set_aws_estate(aws_estate_options estate);
    void mutate_aws(const aws_mutation& m);
    std::shared_ptr<const aws_estate> aws_snapshot() const;
    void expire_aws_sessions();
    // The account whose instance profile IMDSv2 serves from now on ("" = none).
    void set_aws_instance_profile_account(std::string account);

    void add_fault(fault f);
    void clear_faults();
    std::size_t pending_faults() const;
    void expire_tokens(); // every token issued so far now gets ExpiredAuthenticationToken

    // Takes effect for the next answer; throws cloudsim_error on negative values.
    void set_latency(latency_options latency);
    latency_options latency() const;
    // Replaces the limit and refills every bucket; throws cloudsim_error on a bad rate.
    void set_read_rate_limit(rate_limit_options limit);
    rate_limit_options read_rate_limit() const;

    stats_snapshot stats() const;
    void reset_stats();

    // Answers one request as the network would (used by the sessions).
    reply dispatch(const http_request& request);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace cloudsync::cloudsim
