#include "collectors/gcp/compute_collector.hpp"

#include "collectors/gcp/detail/compute.hpp"

namespace cloudsync::collectors::gcp {

namespace asio = boost::asio;

compute_collector::compute_collector(common::engine_context engine,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     compute_collector_options options, const char* kind)
    : options_(std::move(options)), engine_(std::move(engine)) {
    auto clients = detail::make_compute_clients(engine_, std::move(credentials), options_, kind);
    compute_ = std::move(clients.compute);
    resource_manager_ = std::move(clients.resource_manager);
}

compute_collector::~compute_collector() = default;

asio::awaitable<void> compute_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    co_await detail::for_each_project(engine_, compute_, {options_.projects, resource_manager_},
                                      std::move(sink),
                                      [this](std::string project, inventory::scope_sink& out) {
                                          return collect_project(std::move(project), out);
                                      });
}

} // namespace cloudsync::collectors::gcp
