#include "collectors/gcp/metrics_collector.hpp"

#include "collectors/common/pager.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/detail/compute.hpp"
#include "collectors/gcp/time_series_page.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <spdlog/spdlog.h>

namespace cloudsync::collectors::gcp {

namespace asio = boost::asio;

namespace {

constexpr unsigned max_page_size = 100000;

std::string encode(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

struct built_page {
    std::vector<inventory::metric_sample> samples;
    std::vector<std::string> execution_errors;
    std::size_t skipped_series = 0;
    std::size_t skipped_points = 0;
};

} // namespace

std::string time_series_url(std::string_view project, const time_series_query& query,
                            const common::metric_window& window, unsigned page_size) {
    // Only the project's own VMs: a scoping project's metrics scope can show
    // other projects' series, which belong to their own accounts' rows.
    std::string filter = "metric.type = \"";
    filter.append(query.metric_type).append("\" AND resource.type = \"gce_instance\"");
    filter.append(" AND resource.labels.project_id = \"").append(project).append("\"");
    std::string url = "/v3/projects/";
    url.append(project).append("/timeSeries?filter=").append(encode(filter));
    url += "&interval.startTime=" + encode(common::format_utc(window.start));
    url += "&interval.endTime=" + encode(common::format_utc(window.end));
    url += "&aggregation.alignmentPeriod=" + std::to_string(metrics_collector::alignment.count()) +
           "s";
    url.append("&aggregation.perSeriesAligner=").append(query.aligner);
    url += "&view=FULL&pageSize=" + std::to_string(page_size);
    return url;
}

metrics_collector::metrics_collector(common::engine_context engine,
                                     std::shared_ptr<auth::authorizer> credentials,
                                     metrics_collector_options options,
                                     std::shared_ptr<const cloudsync::clock> clock)
    : project_collector(std::move(engine), std::move(credentials),
                        {std::move(options.monitoring_endpoint),
                         std::move(options.resource_manager_endpoint), std::move(options.projects),
                         options.page_size, max_page_size, options.batch_size},
                        "metrics"),
      lookback_(options.lookback), clock_(std::move(clock)) {
    if (!clock_)
        clock_ = std::make_shared<real_clock>();
    if (lookback_ < std::chrono::minutes(1))
        throw options_error("gcp metrics collector: lookback is shorter than a minute");
}

std::uint64_t metrics_collector::calls() const noexcept {
    return api_->calls();
}

void metrics_collector::begin_pass() {
    // One window for the whole pass, so every project covers the same minutes.
    window_ = common::window_ending(clock_->system(), lookback_);
}

asio::awaitable<void> metrics_collector::collect_project(std::string project,
                                                         inventory::scope_sink& out) {
    for (const auto& query : vm_metric_queries())
        co_await list(project, query, window_, out);
}

asio::awaitable<void> metrics_collector::list(const std::string& project,
                                              const time_series_query& query,
                                              common::metric_window window,
                                              inventory::scope_sink& out) {
    const auto url = api_->url(time_series_url(project, query, window, options_.max_results));
    std::vector<std::string> execution_errors;
    std::size_t written = 0;
    std::size_t skipped_series = 0;
    std::size_t skipped_points = 0;
    std::vector<inventory::metric_sample> pending;

    common::page_steps<time_series_page, built_page> steps;
    steps.fetch = [client = api_, project, url](std::string token) {
        return detail::fetch_compute_page(client, project, url, std::move(token));
    };
    steps.parse = [url, &query](const std::string& body, const std::string&) {
        return parse_time_series_page(body, url, query, alignment);
    };
    steps.next = [](const time_series_page& page) { return page.next_page_token; };
    steps.build = [](time_series_page page, const std::string&) {
        return built_page{std::move(page.samples), std::move(page.execution_errors),
                          page.skipped_series, page.skipped_points};
    };
    steps.consume = [&](built_page page) -> asio::awaitable<void> {
        for (auto& e : page.execution_errors)
            execution_errors.push_back(std::move(e));
        skipped_series += page.skipped_series;
        skipped_points += page.skipped_points;
        for (auto& sample : page.samples) {
            pending.push_back(std::move(sample));
            if (pending.size() >= options_.batch_size) {
                written += pending.size();
                co_await out.write_samples(std::exchange(pending, {}));
            }
        }
    };
    co_await common::page_through(std::string(), std::move(steps), engine_.parse_executor);
    if (!pending.empty()) {
        written += pending.size();
        co_await out.write_samples(std::move(pending));
    }
    if (skipped_series > 0 || skipped_points > 0)
        spdlog::warn("gcp metrics: project {}: {}: {} series without a VM id or numeric values "
                     "and {} non-finite points skipped",
                     project, query.metric_type, skipped_series, skipped_points);
    spdlog::debug("gcp metrics: project {}: {}: {} samples over {}..{}", project,
                  query.metric_type, written, common::format_utc(window.start),
                  common::format_utc(window.end));
    if (!execution_errors.empty())
        throw detail::incomplete_list("Cloud Monitoring says the " +
                                      std::string(query.metric_type) + " series of project " +
                                      project + " may be incomplete: " + execution_errors.front());
}

} // namespace cloudsync::collectors::gcp
