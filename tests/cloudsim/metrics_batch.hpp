// The Azure Monitor metrics batch API on the sim's "regional endpoint":
// POST /{region}/subscriptions/{sub}/metrics:getBatch?api-version=..&starttime=..
// &endtime=..&interval=PT1M&metricnamespace=..&metricnames=a,b&aggregation=average,..
// with {"resourceids":[...]} (monitor.metrics.getBatch.json). Enforces what the
// service enforces: at most 50 resources, all in the URL's subscription, the
// URL's region and the metricnamespace's type; 400 with the ARM error envelope
// otherwise. Values are a pure function of (resource, metric, minute), so
// overlapping windows return identical points. Unknown metric names come back
// as per-metric errors in a 200 (monitor.metrics.list.partialError.json).
// Bearer-token checks happen before (server.cpp).
#pragma once

#include "cloudsim/inventory.hpp"
#include "cloudsim/reply.hpp"

#include <boost/url/url_view.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cloudsync::cloudsim {

inline constexpr std::size_t metrics_batch_max_resources = 50;

// True for POST-able paths of the form /{region}/subscriptions/{sub}/metrics:getBatch.
bool is_metrics_batch_path(boost::urls::url_view url);

reply handle_metrics_batch(const inventory& inv, const http_request& request, boost::urls::url_view url);

// The value of `metric` (canonical name, e.g. "Percentage CPU") for a VM at
// the minute since the epoch; nullopt for a minute without data. Exposed for tests.
std::optional<double> vm_metric_value(std::string_view resource_id, std::string_view metric,
                                      std::int64_t minute, bool running);

} // namespace cloudsync::cloudsim
