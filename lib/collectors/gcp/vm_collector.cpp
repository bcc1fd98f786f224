#include "collectors/gcp/vm_collector.hpp"

#include "collectors/common/batch_writer.hpp"
#include "collectors/gcp/detail/compute.hpp"
#include "collectors/gcp/instance_page.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::gcp {

namespace asio = boost::asio;

vm_collector::vm_collector(common::engine_context engine,
                           std::shared_ptr<auth::authorizer> credentials,
                           compute_collector_options options)
    : project_collector(std::move(engine), std::move(credentials),
                        compute_project(std::move(options)), "vms") {}

asio::awaitable<void> vm_collector::collect_project(std::string project,
                                                    inventory::scope_sink& out) {
    common::batch_writer writer(out, options_.batch_size);
    co_await detail::compute_list<inventory::record>(
        engine_, api_, project,
        api_->url("/compute/v1/projects/" + project + "/aggregated/instances?maxResults=" +
                  std::to_string(options_.max_results) + "&returnPartialSuccess=true"),
        "instances", [](const raw_compute_page& page) { return parse_instance_page(page); },
        writer.page_consumer());
    co_await writer.flush();
    spdlog::debug("gcp: project {}: {} instances, {} API calls so far", project, writer.written(),
                  api_->calls());
}

} // namespace cloudsync::collectors::gcp
