#include "collectors/gcp/project_collector.hpp"

#include "collectors/gcp/detail/compute.hpp"

namespace cloudsync::collectors::gcp {

namespace asio = boost::asio;

project_collector::project_collector(common::engine_context engine,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     project_collector_options options, const char* kind)
    : options_(std::move(options)), engine_(std::move(engine)) {
    auto clients = detail::make_project_clients(
        engine_, std::move(credentials),
        {options_.endpoint, options_.resource_manager_endpoint, &options_.projects,
         options_.batch_size, options_.max_results, options_.max_results_limit},
        kind);
    api_ = std::move(clients.compute);
    resource_manager_ = std::move(clients.resource_manager);
}

project_collector::~project_collector() = default;

asio::awaitable<void> project_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    begin_pass();
    co_await detail::for_each_project(engine_, api_, {options_.projects, resource_manager_},
                                      std::move(sink),
                                      [this](std::string project, inventory::scope_sink& out) {
                                          return collect_project(std::move(project), out);
                                      });
}

} // namespace cloudsync::collectors::gcp
