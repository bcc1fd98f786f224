#include "collectors/gcp/run_collector.hpp"

#include "collectors/common/batch_writer.hpp"
#include "collectors/common/bounded.hpp"
#include "collectors/common/scope_walk.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/detail/compute.hpp"
#include "collectors/gcp/error_body.hpp"
#include "collectors/gcp/run_location_page.hpp"
#include "collectors/gcp/run_service_page.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::gcp {

namespace asio = boost::asio;

namespace {

std::size_t checked_regions_at_once(std::size_t n) {
    if (n == 0)
        throw options_error("gcp containers collector: regions_at_once is 0");
    return n;
}

} // namespace

run_collector::run_collector(common::engine_context engine,
                             std::shared_ptr<auth::authorizer> credentials,
                             run_collector_options options)
    : project_collector(std::move(engine), std::move(credentials),
                        {std::move(options.run_endpoint),
                         std::move(options.resource_manager_endpoint), std::move(options.projects),
                         options.page_size, 1000, options.batch_size},
                        "containers"),
      regions_at_once_(checked_regions_at_once(options.regions_at_once)) {}

asio::awaitable<std::vector<std::string>> run_collector::list_locations(std::string project) {
    std::vector<std::string> locations;
    co_await detail::compute_list<std::string>(
        engine_, api_, project,
        api_->url("/v1/projects/" + project +
                  "/locations?pageSize=" + std::to_string(options_.max_results)),
        "", [](const raw_compute_page& page) { return parse_run_location_page(page); },
        [&locations](std::vector<std::string> ids) -> asio::awaitable<void> {
            for (auto& id : ids)
                locations.push_back(std::move(id));
            co_return;
        },
        "locations");
    co_return common::unique_scopes(std::move(locations), false);
}

asio::awaitable<void> run_collector::collect_project(std::string project,
                                                     inventory::scope_sink& out) {
    const auto locations = co_await list_locations(project);
    common::batch_writer writer(out, options_.batch_size);
    // The first failing region cancels the others and fails the project's scope.
    co_await common::run_bounded(
        locations.size(), regions_at_once_, [&](std::size_t i) -> asio::awaitable<void> {
            try {
                co_await detail::compute_list<inventory::record>(
                    engine_, api_, project,
                    api_->url("/v2/projects/" + project + "/locations/" + locations[i] +
                              "/services?pageSize=" + std::to_string(options_.max_results)),
                    "", [](const raw_compute_page& page) { return parse_run_service_page(page); },
                    writer.page_consumer(), "services");
            } catch (const api_error& e) {
                // The location list showed the API enabled: a SERVICE_DISABLED
                // now (switched off mid-sync) must not read as "no services",
                // which would delete the regions not read yet.
                if (kind_of(e) != error_kind::api_disabled)
                    throw;
                throw detail::incomplete_list("Cloud Run services of " + locations[i] +
                                              " not read: " + e.what());
            }
        });
    co_await writer.flush();
    spdlog::debug("gcp: project {}: {} Cloud Run services in {} locations, {} API calls so far",
                  project, writer.written(), locations.size(), api_->calls());
}

} // namespace cloudsync::collectors::gcp
