#include "collectors/aws/metrics_collector.hpp"

#include "collectors/aws/cloudwatch_pages.hpp"
#include "collectors/aws/detail/query.hpp"
#include "collectors/aws/ec2_pages.hpp"
#include "collectors/aws/metric_queries.hpp"
#include "collectors/common/bounded.hpp"
#include "collectors/common/url.hpp"
#include "collectors/common/write_gate.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iterator>

namespace cloudsync::collectors::aws {

namespace asio = boost::asio;

namespace {

// A VM's id in CloudWatch's InstanceId dimension and in the inventory.
struct instance {
    std::string id;
    std::string native_id;
};
using instance_list = std::vector<instance>;

// One GetMetricData answer's samples. Throws page_error for a result whose Id
// was not asked, or that CloudWatch could not deliver (InternalError,
// Forbidden): the region's samples would be incomplete.
token_page<inventory::metric_sample> samples_of(const std::string& body,
                                                const instance_list& instances,
                                                std::atomic<std::size_t>& skipped) {
    auto page = parse_metric_data_page(body);
    token_page<inventory::metric_sample> out;
    out.next_token = std::move(page.next_token);
    for (auto& result : page.results) {
        const auto ref = parse_query_id(result.id);
        if (!ref || ref->instance_index >= instances.size())
            throw page_error("GetMetricData answered a query it was not asked: " + result.id);
        if (result.status_code == "InternalError" || result.status_code == "Forbidden")
            throw page_error("GetMetricData could not read " +
                             std::string(ec2_metrics()[ref->metric_index].name) + " of " +
                             instances[ref->instance_index].id + ": " + result.status_code);
        const auto& metric = ec2_metrics()[ref->metric_index];
        for (std::size_t i = 0; i < result.values.size(); ++i) {
            if (!std::isfinite(result.values[i])) {
                ++skipped;
                continue;
            }
            inventory::metric_sample sample;
            sample.native_id = instances[ref->instance_index].native_id;
            sample.metric = std::string(metric.normalized);
            sample.native_metric = std::string(metric.name);
            sample.ts = result.timestamps[i];
            sample.value = result.values[i];
            sample.unit = std::string(metric.unit);
            out.items.push_back(std::move(sample));
        }
    }
    return out;
}

} // namespace

metrics_collector::metrics_collector(std::shared_ptr<account_access> account,
                                     metrics_collector_options options,
                                     std::shared_ptr<const cloudsync::clock> clock)
    : region_collector(std::move(account), "metrics"), options_(options), clock_(std::move(clock)) {
    if (!clock_)
        clock_ = std::make_shared<real_clock>();
    if (options_.lookback < std::chrono::minutes(1))
        throw options_error("aws metrics collector: lookback is shorter than a minute");
    if (options_.call_concurrency == 0 || options_.batch_size == 0)
        throw options_error("aws metrics collector: call concurrency and batch size must be > 0");
}

void metrics_collector::begin_pass() {
    // One window for the whole pass, so every region covers the same minutes.
    window_ = common::window_ending(clock_->system(), options_.lookback);
}

asio::awaitable<void> metrics_collector::collect_region(std::string region, std::string account_id,
                                                        inventory::scope_sink& out) {
    const auto& engine = account_->engine();
    auto ec2 = account_->client(service::ec2, region);
    auto cloudwatch = account_->client(service::monitoring, region);

    auto instances = std::make_shared<instance_list>();
    co_await detail::query_list<inventory::record>(
        engine, ec2, region,
        {{"Action", "DescribeInstances"},
         {"Version", "2016-11-15"},
         {"Filter.1.Name", "instance-state-name"},
         {"Filter.1.Value.1", "running"},
         {"MaxResults", "1000"}},
        [region, account_id](const std::string& body) {
            return parse_instance_page(body, region, account_id);
        },
        [instances](std::vector<inventory::record> vms) -> asio::awaitable<void> {
            for (auto& vm : vms)
                instances->push_back({common::last_segment(vm.native_id), std::move(vm.native_id)});
            co_return;
        });

    std::vector<std::string> ids;
    ids.reserve(instances->size());
    for (const auto& i : *instances)
        ids.push_back(i.id);
    const std::size_t per_call = instances_per_call();
    const std::size_t calls = (ids.size() + per_call - 1) / per_call;
    std::size_t written = 0;
    // Counted by parse jobs on the pool's threads.
    auto skipped = std::make_shared<std::atomic<std::size_t>>(0);
    common::write_gate gate; // the calls in flight write one at a time
    const auto window = window_;
    co_await common::run_bounded(
        calls, options_.call_concurrency, [&](std::size_t call) -> asio::awaitable<void> {
            detail::token_list_steps<inventory::metric_sample> list;
            list.operation = "GetMetricData";
            list.fetch = [cloudwatch, region,
                          params = metric_data_params(ids, call * per_call, per_call, window)](
                             std::string token) {
                auto with_token = params;
                if (!token.empty())
                    with_token.emplace_back("NextToken", std::move(token));
                return detail::query(cloudwatch, std::move(with_token), region);
            };
            list.parse = [instances, skipped](const std::string& body) {
                return samples_of(body, *instances, *skipped);
            };
            list.consume =
                [&out, &written, &gate, batch_size = options_.batch_size](
                    std::vector<inventory::metric_sample> samples) -> asio::awaitable<void> {
                written += samples.size();
                // One answer holds up to 100,800 points: written in batches.
                for (std::size_t at = 0; at < samples.size(); at += batch_size) {
                    const auto end = std::min(samples.size(), at + batch_size);
                    std::vector<inventory::metric_sample> batch(
                        std::make_move_iterator(samples.begin() + static_cast<std::ptrdiff_t>(at)),
                        std::make_move_iterator(samples.begin() +
                                                static_cast<std::ptrdiff_t>(end)));
                    co_await gate.run(
                        [&out, &batch] { return out.write_samples(std::move(batch)); });
                }
            };
            co_await detail::token_list(std::move(list), engine.parse_executor);
        });
    if (const std::size_t n = *skipped; n > 0)
        spdlog::warn("aws metrics: region {}: {} non-finite points skipped", region, n);
    spdlog::debug("aws metrics: region {}: {} samples of {} running instances in {} "
                  "GetMetricData calls over {}..{}",
                  region, written, instances->size(), cloudwatch->calls(),
                  common::format_utc(window.start), common::format_utc(window.end));
}

} // namespace cloudsync::collectors::aws
