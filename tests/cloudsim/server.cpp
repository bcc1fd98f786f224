#include "cloudsim/server.hpp"

#include "cloudsim/arm.hpp"
#include "cloudsim/aws_imds.hpp"
#include "cloudsim/aws_reply.hpp"
#include "cloudsim/aws_services.hpp"
#include "cloudsim/control.hpp"
#include "cloudsim/detail/session.hpp"
#include "cloudsim/entra_assertion.hpp"
#include "cloudsim/error.hpp"
#include "cloudsim/gce_metadata.hpp"
#include "cloudsim/gcp_compute.hpp"
#include "cloudsim/google_oauth.hpp"
#include "cloudsim/imds.hpp"
#include "cloudsim/metrics_batch.hpp"

#include <boost/url/parse.hpp>

#include <ctime>
#include <mutex>

namespace cloudsync::cloudsim {

namespace {

bool is_token_path(boost::urls::url_view url) {
    const auto segments = url.segments();
    if (segments.size() != 4) return false;
    auto it = segments.begin();
    ++it;
    if (*it != "oauth2") return false;
    ++it;
    if (*it != "v2.0") return false;
    ++it;
    return *it == "token";
}

std::string first_segment(boost::urls::url_view url) {
    return url.segments().empty() ? std::string{} : std::string(url.segments().front());
}

// The fault in the shape of the cloud asked: Google's envelope on GCP routes.
reply google_fault_reply(const fault& f) {
    if (f.kind == fault_kind::throttle) return google_throttled(f.retry_after);
    return google_server_error(f.status == 0 ? 500 : f.status, f.retry_after);
}

reply fault_reply(const fault& f) {
    if (f.kind == fault_kind::throttle) return arm_throttled(f.retry_after);
    reply r = f.status == 503
                  ? arm_error(503, "ServiceUnavailable", "The service is temporarily unavailable.")
                  : arm_error(f.status, "InternalServerError",
                              "Encountered internal server error. Please try again later.");
    if (f.status == 503) r.headers.emplace_back("Retry-After", std::to_string(f.retry_after.count()));
    return r;
}

} // namespace

struct server::impl {
    explicit impl(options o)
        : opts(std::move(o)), inventory(std::make_shared<const class inventory>(opts.inventory)),
          gcp(std::make_shared<const gcp_estate>(opts.gcp)), aws(std::make_shared<const aws_estate>(opts.aws)) {}

    options opts;
    mutable std::mutex mutex;                          // guards inventory, opts.page_size, opts.clients
    std::shared_ptr<const class inventory> inventory;
    std::shared_ptr<const gcp_estate> gcp;             // guarded by mutex, swapped whole
    std::shared_ptr<const aws_estate> aws;             // guarded by mutex, swapped whole
    aws_sessions sessions;
    aws_imds_tokens imds_tokens;
    std::string base_url;
    token_store tokens;
    fault_table faults;
    class stats counters;
    latency_model latency;
    rate_limiter reads;
    std::unique_ptr<detail::listener> net;

    arm_config arm() {
        const std::lock_guard lock(mutex);
        return arm_config{base_url, opts.inventory.tenant_id, opts.page_size, opts.subscription_page_size,
                          &reads};
    }
    token_endpoint_config token_config() const {
        const std::lock_guard lock(mutex);
        token_endpoint_config config{base_url, opts.clients, opts.client_certificates,
                                     {base_url + "/.default", base_url + "//.default",
                                      opts.metrics_audience + "/.default"},
                                     opts.token_lifetime};
        config.accepted_scopes.insert(config.accepted_scopes.end(), opts.extra_scopes.begin(),
                                      opts.extra_scopes.end());
        return config;
    }
    imds_config imds_settings() const {
        const std::lock_guard lock(mutex);
        std::string audience = opts.metrics_audience;
        while (!audience.empty() && audience.back() == '/') audience.pop_back();
        return imds_config{opts.system_assigned_identity, opts.system_identity_client_id,
                           opts.user_assigned_identities, {base_url, audience},
                           opts.managed_identity_token_lifetime};
    }
    google_token_config google_settings() const {
        const std::lock_guard lock(mutex);
        return google_token_config{base_url + "/token", opts.google_service_accounts, opts.google_users,
                                   opts.google_scopes, opts.google_token_lifetime};
    }
    gce_metadata_config gce_settings() const {
        const std::lock_guard lock(mutex);
        return opts.gce_metadata;
    }
    std::shared_ptr<const gcp_estate> gcp_snapshot() const {
        const std::lock_guard lock(mutex);
        return gcp;
    }
    gcp_config gcp_settings() const {
        const std::lock_guard lock(mutex);
        return gcp_config{opts.gcp_page_size};
    }
    std::shared_ptr<const class inventory> snapshot() const {
        const std::lock_guard lock(mutex);
        return inventory;
    }
    std::shared_ptr<const aws_estate> aws_snapshot() const {
        const std::lock_guard lock(mutex);
        return aws;
    }
    aws_serving aws_settings() const {
        const std::lock_guard lock(mutex);
        return aws_serving{static_cast<std::int64_t>(std::time(nullptr)), opts.aws_page_size};
    }
    // An AWS request: counted per service and operation, then answered.
    reply answer_aws(const http_request& request, const aws_route& route);
    // A cloud request (anything but /_sim): faults, routing, the answer.
    reply answer_cloud(const http_request& request, boost::urls::url_view url);
};

server::server(options opts) : impl_(std::make_unique<impl>(std::move(opts))) {
    if (impl_->opts.page_size == 0 || impl_->opts.subscription_page_size == 0 || impl_->opts.gcp_page_size == 0) {
        throw cloudsim_error("page sizes must be at least 1");
    }
    if (impl_->opts.threads == 0) throw cloudsim_error("cloudsim needs at least one thread");
    impl_->latency.configure(impl_->opts.latency);
    impl_->reads.configure(impl_->opts.read_rate_limit);
    for (const auto& c : impl_->opts.client_certificates) certificate_thumbprint_s256(c.certificate_pem);
}

server::~server() { stop(); }

void server::start() {
    if (impl_->net) return;
    impl_->net = std::make_unique<detail::listener>(
        impl_->opts.address, impl_->opts.port, impl_->opts.threads,
        [this](const http_request& request) { return dispatch(request); });
    const std::lock_guard lock(impl_->mutex);
    impl_->base_url = "http://" + impl_->opts.address + ":" + std::to_string(impl_->net->port());
}

unsigned short server::port() const { return impl_->net ? impl_->net->port() : 0; }

std::string server::base_url() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->base_url;
}

void server::stop() {
    if (impl_->net) impl_->net->stop();
}

void server::set_inventory(inventory_options inventory) {
    auto next = std::make_shared<const class inventory>(std::move(inventory));
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.inventory = next->options();
    impl_->inventory = std::move(next);
}

mutation_summary server::mutate(const mutation& m) {
    // Copy, apply, swap: pages being rendered keep the old snapshot.
    const std::lock_guard lock(impl_->mutex);
    auto next = std::make_shared<class inventory>(*impl_->inventory);
    const mutation_summary summary = next->apply(m);
    impl_->inventory = std::move(next);
    return summary;
}

std::shared_ptr<const inventory> server::inventory_snapshot() const { return impl_->snapshot(); }

void server::set_page_size(std::size_t page_size) {
    if (page_size == 0) throw cloudsim_error("page_size must be at least 1");
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.page_size = page_size;
}

std::size_t server::page_size() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->opts.page_size;
}

void server::add_client(client_credential client) {
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.clients.push_back(std::move(client));
}

void server::add_client_certificate(client_certificate certificate) {
    certificate_thumbprint_s256(certificate.certificate_pem); // throws when it is not a certificate
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.client_certificates.push_back(std::move(certificate));
}

void server::add_user_assigned_identity(std::string client_id) {
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.user_assigned_identities.push_back(std::move(client_id));
}

void server::add_google_service_account(google_service_account account) {
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.google_service_accounts.push_back(std::move(account));
}

void server::add_google_user(google_user user) {
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.google_users.push_back(std::move(user));
}

void server::set_gcp_estate(gcp_estate_options estate) {
    auto next = std::make_shared<const gcp_estate>(std::move(estate));
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.gcp = next->options();
    impl_->gcp = std::move(next);
}

void server::mutate_gcp(const gcp_mutation& m) {
    edit_gcp([&m](gcp_estate& estate) { estate.apply(m); });
}

void server::edit_gcp(const std::function<void(gcp_estate&)>& edit) {
    const std::lock_guard lock(impl_->mutex);
    auto next = std::make_shared<gcp_estate>(*impl_->gcp);
    edit(*next);
    impl_->gcp = std::move(next);
}

std::shared_ptr<const gcp_estate> server::gcp_snapshot() const { return impl_->gcp_snapshot(); }

void server::set_gcp_page_size(std::size_t page_size) {
    if (page_size == 0) throw cloudsim_error("gcp_page_size must be at least 1");
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.gcp_page_size = page_size;
}

void server::set_aws_estate(aws_estate_options estate) {
    auto next = std::make_shared<const aws_estate>(std::move(estate));
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.aws = next->options();
    impl_->aws = std::move(next);
}

void server::mutate_aws(const aws_mutation& m) {
    const std::lock_guard lock(impl_->mutex);
    auto next = std::make_shared<aws_estate>(*impl_->aws);
    next->apply(m);
    impl_->aws = std::move(next);
}

std::shared_ptr<const aws_estate> server::aws_snapshot() const { return impl_->aws_snapshot(); }
void server::expire_aws_sessions() { impl_->sessions.expire_all(); }

void server::add_fault(fault f) { impl_->faults.add(std::move(f)); }
void server::clear_faults() { impl_->faults.clear(); }
std::size_t server::pending_faults() const { return impl_->faults.pending(); }
void server::expire_tokens() { impl_->tokens.expire_all(); }
void server::set_latency(latency_options latency) { impl_->latency.configure(latency); }
latency_options server::latency() const { return impl_->latency.options(); }
void server::set_read_rate_limit(rate_limit_options limit) { impl_->reads.configure(limit); }
rate_limit_options server::read_rate_limit() const { return impl_->reads.options(); }
void server::set_aws_instance_profile_account(std::string account) {
    const std::lock_guard lock(impl_->mutex);
    impl_->opts.aws_instance_profile_account = std::move(account);
}

stats_snapshot server::stats() const { return impl_->counters.snapshot(); }
void server::reset_stats() { impl_->counters.reset(); }

reply server::dispatch(const http_request& request) {
    const auto parsed = boost::urls::parse_origin_form(request.target());
    if (!parsed) return arm_error(400, "InvalidRequestUri", "The request target is not a valid URI path.");
    const boost::urls::url_view url = *parsed;
    if (first_segment(url) == "_sim") return handle_control(*this, request, url);
    reply r = impl_->answer_cloud(request, url);
    r.delay += impl_->latency.next();
    return r;
}

reply server::impl::answer_aws(const http_request& request, const aws_route& route) {
    const auto operation = aws_operation(request, route);
    counters.request(operation);
    const aws_protocol protocol = aws_protocol_of(route.service);
    // Faults match the target, or the operation ("ec2.DescribeInstances") for
    // Query and JSON APIs whose target names only the service and region.
    auto f = faults.take(request.target());
    if (!f)
        f = faults.take(operation);
    if (f) {
        counters.fault_applied();
        if (f->kind == fault_kind::throttle) {
            counters.throttled(false);
            return aws_throttled(route.service);
        }
        if (f->kind == fault_kind::server_error)
            return aws_server_error(protocol, f->status == 0 ? 500 : f->status);
        if (f->kind == fault_kind::expire_tokens)
            sessions.expire_all();
        if (f->kind == fault_kind::forbidden || f->kind == fault_kind::rate_limited_403)
            return aws_access_denied(protocol, "arn:aws:iam::000000000000:user/cloudsim",
                                     operation);
    }
    reply r = handle_aws_request(*aws_snapshot(), sessions, aws_settings(), request, route);
    if (f && f->kind == fault_kind::delay)
        r.delay = f->delay;
    if (f && f->kind == fault_kind::cut_body)
        r.cut_body = true;
    if (f && f->kind == fault_kind::malformed_json) {
        r.body.resize(r.body.size() / 2);
        r.body += "<!-- upstream proxy error -->";
    }
    return r;
}

reply server::impl::answer_cloud(const http_request& request, boost::urls::url_view url) {
    if (const auto route = parse_aws_route(request.target())) return answer_aws(request, *route);
    if (is_aws_imds_path(request.target())) {
        counters.request("awsImds");
        std::string account;
        {
            const std::lock_guard lock(mutex);
            account = opts.aws_instance_profile_account;
        }
        return handle_aws_imds({account}, *aws_snapshot(), sessions, imds_tokens, request,
                               std::time(nullptr));
    }
    const bool token = is_token_path(url);
    const bool imds = !token && is_imds_token_path(url);
    const bool google = !token && !imds && is_google_token_path(url);
    const bool gce = !token && !imds && !google && is_gce_metadata_token_path(url);
    const bool metrics = !token && !imds && !google && !gce && is_metrics_batch_path(url);
    const auto gcp_name = token || imds || google || gce || metrics ? std::nullopt : gcp_route(url);
    counters.request(gcp_name ? *gcp_name
                     : token    ? "token"
                     : imds   ? "managedIdentityToken"
                     : google ? "googleToken"
                     : gce    ? "gceMetadataToken"
                     : metrics ? "metricsBatch"
                               : arm_route(url));
    const auto f = faults.take(request.target());
    if (f) {
        counters.fault_applied();
        if (f->kind == fault_kind::throttle) counters.throttled(false);
        if (f->kind == fault_kind::throttle || f->kind == fault_kind::server_error) {
            return gcp_name ? google_fault_reply(*f) : fault_reply(*f);
        }
        if (f->kind == fault_kind::expire_tokens) tokens.expire_all();
        if (f->kind == fault_kind::rate_limited_403 && gcp_name) return google_rate_limited_403();
        if (f->kind == fault_kind::forbidden || f->kind == fault_kind::rate_limited_403) {
            if (google) return google_token_error(403, "access_denied", "Forbidden (injected fault)");
            if (token || imds || gce) return arm_forbidden(tokens, request, url);
            if (gcp_name) return google_forbidden();
            if (auto denied = check_bearer(arm(), tokens, counters, request)) return std::move(*denied);
            return arm_forbidden(tokens, request, url);
        }
    }
    reply r;
    if (token) {
        r = handle_token_request(token_config(), tokens, counters, request, first_segment(url));
    } else if (imds) {
        r = handle_imds_token(imds_settings(), tokens, counters, request, url);
    } else if (google) {
        r = handle_google_token(google_settings(), tokens, counters, request);
    } else if (gce) {
        r = handle_gce_metadata_token(gce_settings(), tokens, counters, request);
    } else if (gcp_name) {
        r = handle_gcp_request(gcp_settings(), *gcp_snapshot(), tokens, counters, request, url);
    } else if (metrics) {
        auto denied = check_bearer(arm(), tokens, counters, request);
        r = denied ? std::move(*denied) : handle_metrics_batch(*snapshot(), request, url);
    } else {
        r = handle_arm_request(arm(), *snapshot(), tokens, counters, request, url);
    }
    if (f && f->kind == fault_kind::delay) r.delay = f->delay;
    if (f && f->kind == fault_kind::cut_body) r.cut_body = true;
    if (f && f->kind == fault_kind::malformed_json) {
        r.body.resize(r.body.size() / 2);
        r.body += "\"<!-- upstream proxy error -->";
    }
    return r;
}

} // namespace cloudsync::cloudsim
