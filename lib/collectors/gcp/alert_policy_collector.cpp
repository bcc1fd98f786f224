#include "collectors/gcp/alert_policy_collector.hpp"

#include "collectors/common/batch_writer.hpp"
#include "collectors/gcp/alert_policy_page.hpp"
#include "collectors/gcp/detail/compute.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::gcp {

namespace asio = boost::asio;

alert_policy_collector::alert_policy_collector(common::engine_context engine,
                                               std::shared_ptr<auth::authorizer> credentials,
                                               alert_policy_collector_options options)
    : project_collector(std::move(engine), std::move(credentials),
                        {std::move(options.monitoring_endpoint),
                         std::move(options.resource_manager_endpoint), std::move(options.projects),
                         options.page_size, 1000, options.batch_size},
                        "alerts") {}

asio::awaitable<void> alert_policy_collector::collect_project(std::string project,
                                                              inventory::scope_sink& out) {
    common::batch_writer writer(out, options_.batch_size);
    // A plain Google list whose array is `alertPolicies`: compute_list pages it
    // by pageToken like Compute's.
    co_await detail::compute_list<inventory::record>(
        engine_, api_, project,
        api_->url("/v3/projects/" + project +
                  "/alertPolicies?pageSize=" + std::to_string(options_.max_results)),
        {}, [](const raw_compute_page& page) { return parse_alert_policy_page(page); },
        writer.page_consumer(), std::string(alert_policy_list_key));
    co_await writer.flush();
    spdlog::debug("gcp: project {}: {} alert policies, {} API calls so far", project,
                  writer.written(), api_->calls());
}

} // namespace cloudsync::collectors::gcp
