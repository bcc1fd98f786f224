#include "collectors/azure/detail/metrics_client.hpp"

#include "collectors/azure/arm_page.hpp"
#include "collectors/azure/metric_batch.hpp"
#include "collectors/common/url.hpp"
#include "collectors/errors.hpp"
#include "core/text.hpp"

#include <cctype>

namespace cloudsync::collectors::azure::detail {

namespace {

// True when url is under the endpoint of some region: the template's text
// before "{region}", a region name (letters and digits), the text after it, "/".
bool under_some_region(std::string_view url, std::string_view endpoint_template) {
    const auto at = endpoint_template.find("{region}");
    const auto prefix = endpoint_template.substr(0, at);
    if (!istarts_with(url, prefix))
        return false;
    const auto rest = url.substr(prefix.size());
    std::size_t n = 0;
    while (n < rest.size() && std::isalnum(static_cast<unsigned char>(rest[n])))
        ++n;
    if (n == 0)
        return false;
    const auto region = rest.substr(0, n);
    return istarts_with(url, regional_endpoint(endpoint_template, region) + "/");
}

// The (shared common-types) ARM error envelope, named as the POST it answers.
api_error metrics_error(unsigned status, std::string_view body, std::string_view method,
                        std::string_view url) {
    const auto parsed = arm_error(status, body, url);
    std::string what =
        std::string(method) + " " + url_path(url) + ": HTTP " + std::to_string(status);
    if (!parsed.code().empty())
        what += " " + parsed.code();
    if (!parsed.message().empty())
        what += ": " + parsed.message().substr(0, 500);
    return api_error(status, parsed.code(), parsed.message(), what);
}

} // namespace

metrics_client::metrics_client(std::shared_ptr<http::client> client,
                               std::shared_ptr<auth::authorizer> credentials,
                               std::string endpoint_template)
    : template_(std::move(endpoint_template)) {
    if (template_.find("{region}") == std::string::npos ||
        common::origin_of(regional_endpoint(template_, "eastus")).empty())
        throw options_error(
            "azure metrics endpoint is not an absolute http(s) URL with {region}: " + template_);
    if (!client || !credentials)
        throw options_error("azure metrics collector: no http client or metrics credentials");
    common::api_client_options o;
    o.endpoint = regional_endpoint(template_, "global");
    o.provider = "azure";
    o.parse_error = metrics_error;
    o.allowed_url = [t = template_](std::string_view url) { return under_some_region(url, t); };
    api_ = std::make_shared<common::api_client>(std::move(client), std::move(credentials),
                                                std::move(o));
}

std::string metrics_client::endpoint(std::string_view region) const {
    return regional_endpoint(template_, region);
}

boost::asio::awaitable<void> metrics_client::ensure_credentials() {
    co_await api_->ensure_credentials();
}

boost::asio::awaitable<std::string> metrics_client::post(std::string region, std::string url,
                                                         std::string body) {
    const auto base = endpoint(region);
    const auto origin = common::origin_of(base);
    if (origin.empty() || common::origin_of(url) != origin || !istarts_with(url, base + "/"))
        throw page_error("refusing to send the metrics token outside the metrics endpoint (" +
                         origin + "): POST " + url_path(url));
    co_return co_await api_->post_json(std::move(url), std::move(body));
}

} // namespace cloudsync::collectors::azure::detail
