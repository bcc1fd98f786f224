#include "collectors/gcp/storage_collector.hpp"

#include "collectors/common/batch_writer.hpp"
#include "collectors/gcp/bucket_page.hpp"
#include "collectors/gcp/detail/compute.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::gcp {

namespace asio = boost::asio;

storage_collector::storage_collector(common::engine_context engine,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     storage_collector_options options)
    : project_collector(std::move(engine), std::move(credentials),
                        {std::move(options.storage_endpoint),
                         std::move(options.resource_manager_endpoint), std::move(options.projects),
                         options.max_results, 1000, options.batch_size},
                        "storage") {}

asio::awaitable<void> storage_collector::collect_project(std::string project,
                                                         inventory::scope_sink& out) {
    common::batch_writer writer(out, options_.batch_size);
    // A plain Google list: compute_list pages it by pageToken like Compute's.
    co_await detail::compute_list<inventory::record>(
        engine_, api_, project,
        api_->url("/storage/v1/b?project=" + project +
                  "&projection=full&maxResults=" + std::to_string(options_.max_results)),
        "items", [](const raw_compute_page& page) { return parse_bucket_page(page); },
        writer.page_consumer());
    co_await writer.flush();
    spdlog::debug("gcp: project {}: {} buckets, {} API calls so far", project, writer.written(),
                  api_->calls());
}

} // namespace cloudsync::collectors::gcp
