#include "collectors/azure/metrics_collector.hpp"

#include "collectors/azure/detail/arm.hpp"
#include "collectors/common/utc_time.hpp"
#include "collectors/azure/detail/metrics_client.hpp"
#include "collectors/azure/metric_batch.hpp"
#include "collectors/azure/metric_page.hpp"
#include "collectors/azure/metric_samples.hpp"
#include "collectors/azure/vm_page.hpp"
#include "collectors/errors.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>

namespace cloudsync::collectors::azure {

namespace asio = boost::asio;

// What one collect() shares between its subscriptions (read at the same time,
// on one executor) and calls.
struct metrics_collector::pass {
    common::metric_window window;
    metric_query query;
    std::size_t written = 0;
    std::size_t skipped_vms = 0; // location unusable as a region
};

metrics_collector::metrics_collector(common::engine_context engine,
                                     std::shared_ptr<auth::authorizer> arm_credentials,
                                     std::shared_ptr<auth::authorizer> metrics_credentials,
                                     metrics_collector_options options,
                                     std::shared_ptr<const cloudsync::clock> clock)
    : options_(std::move(options)), clock_(std::move(clock)), engine_(std::move(engine)) {
    if (!clock_)
        clock_ = std::make_shared<real_clock>();
    if (options_.batch_size == 0)
        throw options_error("azure metrics collector: batch size is 0");
    if (options_.lookback < std::chrono::minutes(1))
        throw options_error("azure metrics collector: lookback is shorter than a minute");
    region_batcher check(options_.resources_per_call); // throws options_error
    detail::check_subscriptions(options_.subscriptions, "metrics");
    arm_ = detail::make_arm_client(engine_.http, std::move(arm_credentials),
                                   options_.management_endpoint, options_.throttle);
    metrics_ = std::make_unique<detail::metrics_client>(
        engine_.http, std::move(metrics_credentials), options_.metrics_endpoint);
}

metrics_collector::~metrics_collector() = default;

std::uint64_t metrics_collector::arm_calls() const noexcept {
    return arm_->calls();
}
std::uint64_t metrics_collector::metrics_calls() const noexcept {
    return metrics_->calls();
}

asio::awaitable<void> metrics_collector::collect(std::shared_ptr<inventory::record_sink> sink) {
    auto state = std::make_shared<pass>();
    // One window for the whole pass, so every subscription covers the same minutes.
    state->window = common::window_ending(clock_->system(), options_.lookback);
    state->query = vm_metric_query();
    state->query.api_version = options_.metrics_api_version;
    // Before any scope opens: a metrics credential that cannot get a token fails
    // the collection, not one subscription after another.
    co_await metrics_->ensure_credentials();
    detail::subscription_walk walk{options_.subscriptions, options_.subscriptions_api_version};
    co_await detail::for_each_subscription(
        engine_, arm_, std::move(walk), std::move(sink),
        [this, state](std::string subscription, inventory::scope_sink& out) {
            return collect_subscription(std::move(subscription), out, state);
        });
    spdlog::debug("azure metrics: {} samples over {}..{}, {} ARM + {} metrics calls",
                  state->written, common::format_utc(state->window.start),
                  common::format_utc(state->window.end), arm_->calls(), metrics_->calls());
}

asio::awaitable<void> metrics_collector::collect_subscription(std::string subscription,
                                                              inventory::scope_sink& out,
                                                              std::shared_ptr<pass> state) {
    region_batcher batcher(options_.resources_per_call);
    std::vector<inventory::metric_sample> samples; // this scope's, not yet written
    co_await detail::arm_list<vm_item>(
        engine_, arm_, subscription,
        arm_->url("/subscriptions/" + subscription +
                  "/providers/Microsoft.Compute/virtualMachines?api-version=" +
                  options_.compute_api_version),
        [](const raw_page& page, std::string_view url) { return parse_vm_page(page, url).items; },
        [&](std::vector<vm_item> vms) -> asio::awaitable<void> {
            for (auto& vm : vms) {
                auto region = metric_region(vm.record.region);
                if (!region) {
                    ++state->skipped_vms;
                    spdlog::warn("azure metrics: VM {} has no usable location \"{}\"; skipped",
                                 vm.record.native_id, vm.record.region);
                    continue;
                }
                auto full = batcher.add(std::move(*region), std::move(vm.record.native_id));
                if (full) {
                    co_await query(subscription, std::move(*full), state, samples);
                    if (samples.size() >= options_.batch_size)
                        co_await flush(out, state, samples);
                }
            }
        });
    for (auto& batch : batcher.drain()) {
        co_await query(subscription, std::move(batch), state, samples);
        if (samples.size() >= options_.batch_size)
            co_await flush(out, state, samples);
    }
    co_await flush(out, state, samples);
}

asio::awaitable<void> metrics_collector::query(std::string subscription, metric_batch batch,
                                               std::shared_ptr<pass> state,
                                               std::vector<inventory::metric_sample>& samples) {
    const auto url =
        batch_url(metrics_->endpoint(batch.region), subscription, state->window, state->query);
    const std::string body =
        co_await metrics_->post(batch.region, url, batch_body(batch.resource_ids));
    const auto resources = co_await common::off_thread(
        engine_.parse_executor, [&body, &url] { return parse_metric_batch(body, url); });
    for (const auto& resource : resources) {
        const auto report = to_samples(resource, samples);
        for (const auto& failed : report.failed)
            spdlog::warn("azure metrics: {}: metric skipped: {}", resource.resource_id, failed);
        if (report.split_series > 0)
            spdlog::debug("azure metrics: {}: {} dimension-split series ignored",
                          resource.resource_id, report.split_series);
    }
}

asio::awaitable<void> metrics_collector::flush(inventory::scope_sink& out,
                                               std::shared_ptr<pass> state,
                                               std::vector<inventory::metric_sample>& samples) {
    while (!samples.empty()) {
        const std::size_t n = std::min(options_.batch_size, samples.size());
        std::vector<inventory::metric_sample> chunk(
            std::make_move_iterator(samples.begin()),
            std::make_move_iterator(samples.begin() + static_cast<std::ptrdiff_t>(n)));
        samples.erase(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(n));
        state->written += chunk.size();
        co_await out.write_samples(std::move(chunk));
    }
}

} // namespace cloudsync::collectors::azure
