#include "collectors/aws/module.hpp"

#include "collectors/aws/alarm_collector.hpp"
#include "collectors/aws/container_collector.hpp"
#include "collectors/aws/metrics_collector.hpp"
#include "collectors/aws/network_collector.hpp"
#include "collectors/aws/storage_collector.hpp"
#include "collectors/aws/vm_collector.hpp"

namespace cloudsync::collectors::aws {

aws_module::aws_module(engine_context engine, aws_module_options options)
    : account_(std::make_shared<account_access>(std::move(engine), std::move(options.account))),
      metrics_lookback_(options.metrics_lookback) {}

std::unique_ptr<collector> aws_module::make(inventory::collector_kind kind) const {
    using inventory::collector_kind;
    switch (kind) {
    case collector_kind::vms:
        return std::make_unique<vm_collector>(account_);
    case collector_kind::networks:
        return std::make_unique<network_collector>(account_);
    case collector_kind::storage:
        return std::make_unique<storage_collector>(account_);
    case collector_kind::containers:
        return std::make_unique<container_collector>(account_);
    case collector_kind::metrics: {
        metrics_collector_options o;
        o.lookback = metrics_lookback_;
        return std::make_unique<metrics_collector>(account_, o);
    }
    case collector_kind::alerts:
        return std::make_unique<alarm_collector>(account_);
    default:
        return nullptr;
    }
}

} // namespace cloudsync::collectors::aws
