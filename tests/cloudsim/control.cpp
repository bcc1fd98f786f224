#include "cloudsim/control.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/error.hpp"
#include "cloudsim/server.hpp"

#include <boost/json.hpp>

#include <optional>

namespace cloudsync::cloudsim {

namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

reply control_error(unsigned status, std::string_view message) {
    std::string body = "{";
    detail::append_member(body, "error", message, false);
    body += '}';
    return json_reply(status, std::move(body));
}

reply ok(const json::value& value) { return json_reply(200, json::serialize(value)); }

template <class T>
T number_or(const json::object& o, std::string_view key, T fallback) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return fallback;
    return v->to_number<T>(); // throws on a non-number or a lossy conversion
}

std::string string_or(const json::object& o, std::string_view key, std::string fallback) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return fallback;
    return std::string(v->as_string());
}

json::object inventory_summary(const server& sim) {
    const auto inv = sim.inventory_snapshot();
    json::array ids;
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s) ids.emplace_back(inv->subscription_id(s));
    return {{"seed", inv->options().seed},
            {"generation", inv->generation()},
            {"vms_per_subscription", inv->options().vms_per_subscription},
            {"index_space", inv->index_space()},
            {"live_vms", inv->live_vms_total()},
            {"page_size", sim.page_size()},
            {"tenant_id", inv->options().tenant_id},
            {"storage_accounts_per_subscription", inv->options().storage_accounts_per_subscription},
            {"containers_per_storage_account", inv->options().containers_per_storage_account},
            {"virtual_networks_per_subscription", inv->options().virtual_networks_per_subscription},
            {"container_groups_per_subscription", inv->options().container_groups_per_subscription},
            {"metric_alerts_per_subscription", inv->options().metric_alerts_per_subscription},
            {"fired_alerts_per_subscription", inv->options().fired_alerts_per_subscription},
            {"subscriptions", std::move(ids)}};
}

reply set_inventory(server& sim, const json::object& o) {
    inventory_options next = sim.inventory_snapshot()->options();
    next.seed = number_or<std::uint64_t>(o, "seed", next.seed);
    next.subscriptions = number_or<std::uint32_t>(o, "subscriptions", next.subscriptions);
    next.vms_per_subscription = number_or<std::uint64_t>(o, "vms_per_subscription", next.vms_per_subscription);
    next.tenant_id = string_or(o, "tenant_id", next.tenant_id);
    for (auto [key, field] : {std::pair{"storage_accounts_per_subscription", &inventory_options::storage_accounts_per_subscription},
                              std::pair{"containers_per_storage_account", &inventory_options::containers_per_storage_account},
                              std::pair{"virtual_networks_per_subscription", &inventory_options::virtual_networks_per_subscription},
                              std::pair{"container_groups_per_subscription", &inventory_options::container_groups_per_subscription},
                              std::pair{"metric_alerts_per_subscription", &inventory_options::metric_alerts_per_subscription},
                              std::pair{"fired_alerts_per_subscription", &inventory_options::fired_alerts_per_subscription}}) {
        next.*field = number_or<std::uint32_t>(o, key, next.*field);
    }
    if (const auto* regions = o.if_contains("regions")) {
        next.regions.clear();
        for (const auto& r : regions->as_array()) next.regions.emplace_back(r.as_string());
    }
    sim.set_inventory(std::move(next));
    if (o.contains("page_size")) sim.set_page_size(number_or<std::size_t>(o, "page_size", 1000));
    return ok(inventory_summary(sim));
}

reply mutate(server& sim, const json::object& o) {
    mutation m;
    m.seed = number_or<std::uint64_t>(o, "seed", 1);
    m.add_share = number_or<double>(o, "add_share", 0);
    m.change_share = number_or<double>(o, "change_share", 0);
    m.remove_share = number_or<double>(o, "remove_share", 0);
    const auto s = sim.mutate(m);
    json::object estate;
    for (const auto& [kind, c] : s.estate) {
        estate[kind] = json::object{{"added", c.added}, {"changed", c.changed}, {"removed", c.removed}};
    }
    return ok(json::object{{"generation", s.generation}, {"added", s.added}, {"changed", s.changed},
                           {"removed", s.removed}, {"estate", std::move(estate)}});
}

// POST /_sim/gcp/mutate {"seed","add","change","remove"}: per project, that many
// instances, buckets, Cloud Run services and alert policies (gcp_mutation).
reply mutate_gcp(server& sim, const json::object& o) {
    gcp_mutation m;
    m.seed = number_or<std::uint64_t>(o, "seed", 1);
    m.add = number_or<std::uint32_t>(o, "add", 0);
    m.change = number_or<std::uint32_t>(o, "change", 0);
    m.remove = number_or<std::uint32_t>(o, "remove", 0);
    sim.mutate_gcp(m);
    std::size_t instances = 0;
    for (const auto& p : sim.gcp_snapshot()->projects()) instances += p.instances.size();
    return ok(json::object{{"live_instances", instances}});
}

// POST /_sim/aws/mutate {"account"?,"region","instance_id","state"} (a new state),
// {"region","add_instances"}, {"region","instance_id","remove":true},
// {"add_buckets"} or {"bucket","remove":true} (aws_mutation).
reply mutate_aws(server& sim, const json::object& o) {
    aws_mutation m;
    m.account = string_or(o, "account", "");
    m.region = string_or(o, "region", "");
    m.instance_id = string_or(o, "instance_id", "");
    m.state = string_or(o, "state", "");
    m.add_instances = number_or<std::uint32_t>(o, "add_instances", 0);
    m.bucket = string_or(o, "bucket", "");
    m.add_buckets = number_or<std::uint32_t>(o, "add_buckets", 0);
    const bool remove = o.contains("remove") && o.at("remove").as_bool();
    m.remove_instance = remove && !m.instance_id.empty();
    m.remove_bucket = remove && !m.bucket.empty();
    sim.mutate_aws(m);
    std::size_t instances = 0;
    std::size_t buckets = 0;
    for (const auto& a : sim.aws_snapshot()->accounts()) {
        buckets += a.buckets.size();
        for (const auto& r : a.regions)
            instances += r.instances.size();
    }
    return ok(json::object{{"live_instances", instances}, {"buckets", buckets}});
}

// POST /_sim/gcp/apis {"project","api","enabled"}: switch one API of one project
// (compute, storage, run, monitoring); a disabled one answers 403 SERVICE_DISABLED.
reply set_gcp_api(server& sim, const json::object& o) {
    const auto project = string_or(o, "project", "");
    const auto api = string_or(o, "api", "");
    const bool enabled = o.contains("enabled") ? o.at("enabled").as_bool() : true;
    if (sim.gcp_snapshot()->find(project) == nullptr)
        return control_error(404, "no such GCP project: " + project);
    bool gcp_project::*flag = nullptr;
    if (api == "compute") flag = &gcp_project::compute_disabled;
    if (api == "storage") flag = &gcp_project::storage_disabled;
    if (api == "run") flag = &gcp_project::run_disabled;
    if (api == "monitoring") flag = &gcp_project::monitoring_disabled;
    if (flag == nullptr)
        return control_error(400, "api must be one of compute, storage, run, monitoring");
    sim.edit_gcp([&](gcp_estate& e) { e.find(project)->*flag = !enabled; });
    return ok(json::object{{"project", project}, {"api", api}, {"enabled", enabled}});
}

fault parse_fault(const json::object& o) {
    fault f;
    f.kind = parse_fault_kind(string_or(o, "kind", ""));
    f.match = string_or(o, "match", "");
    f.count = number_or<std::uint32_t>(o, "count", 1);
    f.status = number_or<unsigned>(o, "status", 0);
    f.retry_after = std::chrono::seconds(number_or<std::int64_t>(o, "retry_after", 1));
    f.delay = std::chrono::milliseconds(number_or<std::int64_t>(o, "delay_ms", 1000));
    return f;
}

reply add_faults(server& sim, const json::object& o) {
    std::vector<fault> faults;
    if (const auto* list = o.if_contains("faults")) {
        for (const auto& item : list->as_array()) faults.push_back(parse_fault(item.as_object()));
    } else {
        faults.push_back(parse_fault(o));
    }
    for (auto& f : faults) sim.add_fault(std::move(f));
    return ok(json::object{{"pending", sim.pending_faults()}});
}

json::object stats_json(const server& sim) {
    const auto s = sim.stats();
    json::object requests;
    for (const auto& [route, count] : s.requests) requests[route] = count;
    return {{"requests", std::move(requests)},           {"requests_total", s.requests_total},
            {"auth_failures", s.auth_failures},         {"tokens_issued", s.tokens_issued},
            {"token_failures", s.token_failures},       {"faults_applied", s.faults_applied},
            {"throttled", s.throttled},                 {"rate_limited", s.rate_limited}};
}

json::object latency_json(const server& sim) {
    const auto l = sim.latency();
    return {{"latency_ms", l.fixed.count()}, {"jitter_ms", l.jitter.count()}};
}

json::object rate_limit_json(const server& sim) {
    const auto r = sim.read_rate_limit();
    return {{"capacity", r.capacity}, {"refill_per_second", r.refill_per_second}};
}

// Latency and the read rate limit; nullopt when the path is not one of theirs.
std::optional<reply> route_pacing(server& sim, http::verb method, std::string_view path, const json::object& body) {
    using http::verb;
    if (path == "/_sim/latency" && method == verb::get) return ok(latency_json(sim));
    if (path == "/_sim/latency" && method == verb::post) {
        auto l = sim.latency();
        l.fixed = std::chrono::milliseconds(number_or<std::int64_t>(body, "latency_ms", l.fixed.count()));
        l.jitter = std::chrono::milliseconds(number_or<std::int64_t>(body, "jitter_ms", l.jitter.count()));
        sim.set_latency(l);
        return ok(latency_json(sim));
    }
    if (path == "/_sim/rate-limit" && method == verb::get) return ok(rate_limit_json(sim));
    if (path == "/_sim/rate-limit" && method == verb::post) {
        auto r = sim.read_rate_limit();
        r.capacity = number_or<std::uint32_t>(body, "capacity", r.capacity);
        r.refill_per_second = number_or<double>(body, "refill_per_second", r.refill_per_second);
        sim.set_read_rate_limit(r);
        return ok(rate_limit_json(sim));
    }
    return std::nullopt;
}

reply route(server& sim, http::verb method, std::string_view path, const json::object& body) {
    if (auto paced = route_pacing(sim, method, path, body)) return std::move(*paced);
    using http::verb;
    if (path == "/_sim/health" && method == verb::get) return ok(json::object{{"status", "ok"}});
    if (path == "/_sim/inventory" && method == verb::get) return ok(inventory_summary(sim));
    if (path == "/_sim/inventory" && method == verb::post) return set_inventory(sim, body);
    if (path == "/_sim/mutate" && method == verb::post) return mutate(sim, body);
    if (path == "/_sim/gcp/mutate" && method == verb::post) return mutate_gcp(sim, body);
    if (path == "/_sim/gcp/apis" && method == verb::post) return set_gcp_api(sim, body);
    if (path == "/_sim/aws/mutate" && method == verb::post)
        return mutate_aws(sim, body);
    if (path == "/_sim/aws/expire-sessions" && method == verb::post) {
        sim.expire_aws_sessions();
        return ok(json::object{{"status", "ok"}});
    }
    if (path == "/_sim/page-size" && method == verb::post) {
        sim.set_page_size(number_or<std::size_t>(body, "page_size", 0));
        return ok(json::object{{"page_size", sim.page_size()}});
    }
    if (path == "/_sim/clients" && method == verb::post) {
        sim.add_client({string_or(body, "tenant_id", ""), string_or(body, "client_id", ""),
                        string_or(body, "client_secret", "")});
        return ok(json::object{{"status", "ok"}});
    }
    if (path == "/_sim/client-certificates" && method == verb::post) {
        sim.add_client_certificate({string_or(body, "tenant_id", ""), string_or(body, "client_id", ""),
                                    string_or(body, "certificate_pem", "")});
        return ok(json::object{{"status", "ok"}});
    }
    if (path == "/_sim/managed-identities" && method == verb::post) {
        sim.add_user_assigned_identity(string_or(body, "client_id", ""));
        return ok(json::object{{"status", "ok"}});
    }
    if (path == "/_sim/faults" && method == verb::post) return add_faults(sim, body);
    if (path == "/_sim/faults" && method == verb::get) return ok(json::object{{"pending", sim.pending_faults()}});
    if (path == "/_sim/faults" && method == verb::delete_) {
        sim.clear_faults();
        return ok(json::object{{"pending", 0}});
    }
    if (path == "/_sim/stats" && method == verb::get) return ok(stats_json(sim));
    if (path == "/_sim/stats/reset" && method == verb::post) {
        sim.reset_stats();
        return ok(stats_json(sim));
    }
    if (path == "/_sim/expire-tokens" && method == verb::post) {
        sim.expire_tokens();
        return ok(json::object{{"status", "ok"}});
    }
    return control_error(404, "no control route " + std::string(path));
}

} // namespace

reply handle_control(server& sim, const http_request& request, boost::urls::url_view url) {
    // A request boundary: bad control input becomes a 400, never a crash.
    try {
        json::object body;
        if (!request.body().empty()) body = json::parse(request.body()).as_object();
        return route(sim, request.method(), url.path(), body);
    } catch (const std::exception& e) {
        return control_error(400, e.what());
    }
}

} // namespace cloudsync::cloudsim
