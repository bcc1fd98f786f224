#include "collectors/gcp/network_collector.hpp"

#include "collectors/common/batch_writer.hpp"
#include "collectors/gcp/detail/compute.hpp"
#include "collectors/gcp/network_join.hpp"
#include "collectors/gcp/network_page.hpp"
#include "collectors/gcp/subnetwork_page.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::gcp {

namespace asio = boost::asio;

network_collector::network_collector(common::engine_context engine,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     compute_collector_options options)
    : project_collector(std::move(engine), std::move(credentials),
                        compute_project(std::move(options)), "networks") {}

asio::awaitable<void> network_collector::collect_project(std::string project,
                                                         inventory::scope_sink& out) {
    common::batch_writer writer(out, options_.batch_size);
    const std::string paging = "?maxResults=" + std::to_string(options_.max_results);
    subnet_ranges ranges;
    std::size_t subnets = 0;
    co_await detail::compute_list<inventory::record>(
        engine_, api_, project,
        api_->url("/compute/v1/projects/" + project + "/aggregated/subnetworks" + paging +
                  "&returnPartialSuccess=true"),
        "subnetworks", [](const raw_compute_page& page) { return parse_subnetwork_page(page); },
        [&](std::vector<inventory::record> items) -> asio::awaitable<void> {
            for (auto& item : items) {
                ranges.add(item);
                ++subnets;
                co_await writer.add(std::move(item));
            }
        });
    co_await detail::compute_list<inventory::record>(
        engine_, api_, project,
        api_->url("/compute/v1/projects/" + project + "/global/networks" + paging), "networks",
        [](const raw_compute_page& page) { return parse_network_page(page); },
        [&](std::vector<inventory::record> items) -> asio::awaitable<void> {
            for (auto& item : items) {
                ranges.fill(item);
                co_await writer.add(std::move(item));
            }
        });
    co_await writer.flush();
    spdlog::debug("gcp: project {}: {} networks, {} subnetworks, {} API calls so far", project,
                  writer.written() - subnets, subnets, api_->calls());
}

} // namespace cloudsync::collectors::gcp
