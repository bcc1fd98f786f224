// The GCP metrics collector: for each project, one Cloud Monitoring
// `timeSeries.list` per metric type of vm_metric_queries() (time_series_page.hpp)
// over the lookback window, aligned to 60 s, filtered to the project's own
// gce_instance series, paged by pageToken; the samples go to the project's
// scope. API calls per sync = project search pages (when none are configured)
// + per project 5 x ceil(points / page_size) (a page holds up to page_size
// points: 10,000 VMs over 15 minutes are 150,000 points per metric, 2 pages at
// the API's 100,000). Not one call per VM, and no VM list: series name their VM.
//
// Failure, per project as the other GCP kinds (detail/compute.hpp): a disabled
// Monitoring API reads as no samples; a 403 / 5xx / malformed page fails the
// project's scope; executionErrors (the API's "data may be incomplete") fail
// it too: the run says partial and names the project, and its samples of that
// run go with the scope, as any failed scope's do (samples are never deleted:
// the next run's window overlaps and reads those minutes again).
#pragma once

#include "collectors/gcp/project_collector.hpp"
#include "collectors/common/utc_time.hpp"
#include "core/clock.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace cloudsync::collectors::gcp {

struct time_series_query;

struct metrics_collector_options {
    std::string monitoring_endpoint = "https://monitoring.googleapis.com";
    std::string resource_manager_endpoint = "https://cloudresourcemanager.googleapis.com";
    // Project ids; empty: every ACTIVE project Resource Manager shows. Repeats are read once.
    std::vector<std::string> projects;
    // config metrics.lookback; the window is [now - lookback, now] in whole minutes.
    std::chrono::seconds lookback = std::chrono::minutes(15);
    unsigned page_size = 100000;   // points per page, 1..100,000 (the API's most)
    std::size_t batch_size = 5000; // samples per sink->write_samples()
};

class metrics_collector final : public project_collector {
public:
    // The constructor throws options_error for an unusable endpoint, page size,
    // batch size, lookback (under a minute) or project id.
    metrics_collector(common::engine_context engine, std::shared_ptr<auth::authorizer> credentials,
                      metrics_collector_options options,
                      std::shared_ptr<const cloudsync::clock> clock = nullptr);

    // Monitoring calls made so far (tests and the API-call figure).
    std::uint64_t calls() const noexcept;

    static constexpr std::chrono::seconds alignment{60};

private:
    void begin_pass() override;
    boost::asio::awaitable<void> collect_project(std::string project,
                                                 inventory::scope_sink& out) override;
    boost::asio::awaitable<void> list(const std::string& project, const time_series_query& query,
                                      common::metric_window window, inventory::scope_sink& out);

    std::chrono::seconds lookback_;
    std::shared_ptr<const cloudsync::clock> clock_;
    common::metric_window window_; // this pass's
};

// The first page's URL of one metric type's list over window.
std::string time_series_url(std::string_view project, const time_series_query& query,
                            const common::metric_window& window, unsigned page_size);

} // namespace cloudsync::collectors::gcp
