#include "collectors/aws/container_collector.hpp"

#include "collectors/aws/detail/json_protocol.hpp"
#include "collectors/aws/ecs_pages.hpp"
#include "collectors/common/batch_writer.hpp"
#include "collectors/common/bounded.hpp"
#include "collectors/common/off_thread.hpp"
#include "collectors/errors.hpp"

#include <boost/json/array.hpp>
#include <spdlog/spdlog.h>

namespace cloudsync::collectors::aws {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view target_prefix = "AmazonEC2ContainerServiceV20141113.";

std::string target(std::string_view operation) {
    return std::string(target_prefix) + std::string(operation);
}

} // namespace

container_collector::container_collector(std::shared_ptr<account_access> account,
                                         container_collector_options options)
    : region_collector(std::move(account), "containers"), options_(options) {
    if (options_.max_results < 1 || options_.max_results > 100)
        throw options_error("aws containers collector: maxResults must be 1..100");
    if (options_.cluster_concurrency == 0 || options_.batch_size == 0)
        throw options_error("aws containers collector: concurrency and batch size must be > 0");
}

asio::awaitable<void> container_collector::collect_region(std::string region,
                                                          std::string account_id,
                                                          inventory::scope_sink& out) {
    (void)account_id; // task ARNs are ECS's own
    auto ecs = account_->client(service::ecs, region);
    const auto& engine = account_->engine();

    std::vector<std::string> clusters;
    co_await detail::json_list<std::string>(
        engine, ecs, region, target("ListClusters"),
        json::object{{"maxResults", options_.max_results}},
        [](const std::string& body) { return parse_cluster_list(body); },
        [&clusters](std::vector<std::string> arns) -> asio::awaitable<void> {
            for (auto& arn : arns)
                clusters.push_back(std::move(arn));
            co_return;
        });

    common::batch_writer writer(out, options_.batch_size);
    std::size_t missing = 0;
    co_await common::run_bounded(
        clusters.size(), options_.cluster_concurrency,
        [&](std::size_t index) -> asio::awaitable<void> {
            const std::string cluster = clusters[index];
            co_await detail::json_list<std::string>(
                engine, ecs, region, target("ListTasks"),
                json::object{{"cluster", cluster}, {"maxResults", options_.max_results}},
                [](const std::string& body) { return parse_task_list(body); },
                [&, cluster](std::vector<std::string> arns) -> asio::awaitable<void> {
                    if (arns.empty())
                        co_return;
                    json::array tasks;
                    for (auto& arn : arns)
                        tasks.emplace_back(std::move(arn));
                    // One page of ListTasks is at most 100 ARNs: one DescribeTasks.
                    const std::string body =
                        co_await detail::json_call(ecs, target("DescribeTasks"),
                                                   json::object{{"cluster", cluster},
                                                                {"tasks", std::move(tasks)},
                                                                {"include", json::array{"TAGS"}}},
                                                   region);
                    auto page =
                        co_await common::off_thread(engine.parse_executor, [&body, &region] {
                            return parse_task_page(body, region);
                        });
                    for (const auto& failure : page.failures) {
                        if (failure.reason == "MISSING") {
                            ++missing; // stopped and gone since ListTasks
                            continue;
                        }
                        throw page_error("DescribeTasks could not describe a task of a cluster "
                                         "in " +
                                         region + ": " + failure.reason);
                    }
                    co_await writer.add_all(std::move(page.items));
                });
        });
    co_await writer.flush();
    spdlog::debug("aws containers: region {}: {} tasks in {} clusters ({} gone meanwhile), {} "
                  "ECS calls so far",
                  region, writer.written(), clusters.size(), missing, ecs->calls());
}

} // namespace cloudsync::collectors::aws
