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
    : options_(std::move(options)), engine_(std::move(engine)) {
    auto clients = detail::make_project_clients(
        engine_, std::move(credentials),
        {options_.storage_endpoint, options_.resource_manager_endpoint, &options_.projects,
         options_.batch_size, options_.max_results, 1000},
        "storage");
    storage_ = std::move(clients.compute);
    resource_manager_ = std::move(clients.resource_manager);
}

storage_collector::~storage_collector() = default;

asio::awaitable<void> storage_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    co_await detail::for_each_project(engine_, storage_, {options_.projects, resource_manager_},
                                      std::move(sink),
                                      [this](std::string project, inventory::scope_sink& out) {
                                          return collect_project(std::move(project), out);
                                      });
}

asio::awaitable<void> storage_collector::collect_project(std::string project,
                                                         inventory::scope_sink& out) {
    common::batch_writer writer(out, options_.batch_size);
    // A plain Google list: compute_list pages it by pageToken like Compute's.
    co_await detail::compute_list<inventory::record>(
        engine_, storage_, project,
        storage_->url("/storage/v1/b?project=" + project +
                      "&projection=full&maxResults=" + std::to_string(options_.max_results)),
        "items", [](const raw_compute_page& page) { return parse_bucket_page(page); },
        [&writer](std::vector<inventory::record> items) -> asio::awaitable<void> {
            for (auto& item : items)
                co_await writer.add(std::move(item));
        });
    co_await writer.flush();
    spdlog::debug("gcp: project {}: {} buckets, {} API calls so far", project, writer.written(),
                  storage_->calls());
}

} // namespace cloudsync::collectors::gcp
