#include "collectors/azure/detail/metrics_client.hpp"

#include "collectors/azure/arm_page.hpp"
#include "collectors/azure/detail/origin.hpp"
#include "collectors/azure/metric_batch.hpp"
#include "collectors/errors.hpp"
#include "core/metrics.hpp"
#include "core/text.hpp"

namespace cloudsync::collectors::azure::detail {

metrics_client::metrics_client(std::shared_ptr<http::client> client,
                               std::shared_ptr<auth::authorizer> credentials,
                               std::string endpoint_template)
    : client_(std::move(client)), credentials_(std::move(credentials)),
      template_(std::move(endpoint_template)) {
    if (template_.find("{region}") == std::string::npos ||
        origin_of(regional_endpoint(template_, "eastus")).empty())
        throw options_error(
            "azure metrics endpoint is not an absolute http(s) URL with {region}: " + template_);
    if (!client_ || !credentials_)
        throw options_error("azure metrics collector: no http client or metrics credentials");
}

std::string metrics_client::endpoint(std::string_view region) const {
    return regional_endpoint(template_, region);
}

boost::asio::awaitable<void> metrics_client::ensure_credentials() {
    http::request probe;
    probe.url = endpoint("global");
    http::request authorized = co_await credentials_->authorize(std::move(probe));
    (void)authorized; // only the token's side effect (cached) matters
}

boost::asio::awaitable<std::string> metrics_client::post(std::string region, std::string url,
                                                         std::string body) {
    const auto base = endpoint(region);
    const auto origin = origin_of(base);
    if (origin.empty() || origin_of(url) != origin || !istarts_with(url, base + "/"))
        throw page_error("refusing to send the metrics token outside the metrics endpoint (" +
                         origin + "): POST " + url_path(url));
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = std::move(url);
    req.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
    req.body = std::move(body);
    ++calls_;
    static auto& counter = metrics::default_registry().get_counter(
        "cloudsync_cloud_api_calls_total", "Cloud API calls made by collectors",
        {{"provider", "azure"}});
    counter.add();
    const std::string sent_to = req.url;
    http::response res = co_await auth::send(client_, credentials_, std::move(req));
    if (res.status >= 200 && res.status <= 299)
        co_return std::move(res.body);
    // arm_error reads the (shared common-types) error envelope; its text says GET.
    const auto parsed = arm_error(res.status, res.body, sent_to);
    std::string what = "POST " + url_path(sent_to) + ": HTTP " + std::to_string(res.status);
    if (!parsed.code().empty())
        what += " " + parsed.code();
    if (!parsed.message().empty())
        what += ": " + parsed.message().substr(0, 500);
    throw api_error(res.status, parsed.code(), parsed.message(), what);
}

} // namespace cloudsync::collectors::azure::detail
