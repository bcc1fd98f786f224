#include "collectors/gcp/module.hpp"

#include "collectors/common/scope_walk.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/alert_policy_collector.hpp"
#include "collectors/gcp/detail/compute.hpp"
#include "collectors/gcp/metrics_collector.hpp"
#include "collectors/gcp/network_collector.hpp"
#include "collectors/gcp/run_collector.hpp"
#include "collectors/gcp/storage_collector.hpp"
#include "collectors/gcp/vm_collector.hpp"

namespace cloudsync::collectors::gcp {

gcp_module::gcp_module(engine_context engine, gcp_module_options options)
    : engine_(std::move(engine)), options_(std::move(options)) {
    options_.projects = common::unique_scopes(std::move(options_.projects), false);
    detail::check_projects(options_.projects, "account");
    if (!options_.credentials || !engine_.http)
        throw options_error("gcp module: no http client or credentials");
}

storage_collector_options gcp_module::storage_options() const {
    storage_collector_options o;
    o.storage_endpoint = options_.storage_endpoint;
    o.resource_manager_endpoint = options_.resource_manager_endpoint;
    o.projects = options_.projects;
    return o;
}

run_collector_options gcp_module::run_options() const {
    run_collector_options o;
    o.run_endpoint = options_.run_endpoint;
    o.resource_manager_endpoint = options_.resource_manager_endpoint;
    o.projects = options_.projects;
    return o;
}

metrics_collector_options gcp_module::metrics_options() const {
    metrics_collector_options o;
    o.monitoring_endpoint = options_.monitoring_endpoint;
    o.resource_manager_endpoint = options_.resource_manager_endpoint;
    o.projects = options_.projects;
    o.lookback = options_.metrics_lookback;
    return o;
}

alert_policy_collector_options gcp_module::alert_policy_options() const {
    alert_policy_collector_options o;
    o.monitoring_endpoint = options_.monitoring_endpoint;
    o.resource_manager_endpoint = options_.resource_manager_endpoint;
    o.projects = options_.projects;
    return o;
}

std::unique_ptr<collector> gcp_module::make(inventory::collector_kind kind) const {
    using inventory::collector_kind;
    compute_collector_options o;
    o.compute_endpoint = options_.compute_endpoint;
    o.resource_manager_endpoint = options_.resource_manager_endpoint;
    o.projects = options_.projects;
    switch (kind) {
    case collector_kind::vms:
        return std::make_unique<vm_collector>(engine_, options_.credentials, std::move(o));
    case collector_kind::networks:
        return std::make_unique<network_collector>(engine_, options_.credentials, std::move(o));
    case collector_kind::storage:
        return std::make_unique<storage_collector>(engine_, options_.credentials,
                                                   storage_options());
    case collector_kind::containers:
        return std::make_unique<run_collector>(engine_, options_.credentials, run_options());
    case collector_kind::metrics:
        return std::make_unique<metrics_collector>(engine_, options_.credentials,
                                                   metrics_options());
    case collector_kind::alerts:
        return std::make_unique<alert_policy_collector>(engine_, options_.credentials,
                                                        alert_policy_options());
    default:
        return nullptr;
    }
}

} // namespace cloudsync::collectors::gcp
