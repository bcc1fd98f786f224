#include "collectors/azure/detail/arm_client.hpp"
#include "collectors/azure/detail/origin.hpp"

#include "collectors/azure/arm_page.hpp"
#include "collectors/errors.hpp"
#include "core/metrics.hpp"

namespace cloudsync::collectors::azure::detail {

arm_client::arm_client(std::shared_ptr<http::client> client,
                       std::shared_ptr<auth::authorizer> credentials,
                       std::string management_endpoint)
    : client_(std::move(client)), credentials_(std::move(credentials)),
      endpoint_(std::move(management_endpoint)) {
    while (!endpoint_.empty() && endpoint_.back() == '/')
        endpoint_.pop_back();
    origin_ = origin_of(endpoint_);
    if (origin_.empty())
        throw options_error("azure management endpoint is not an absolute http(s) URL: " +
                            endpoint_);
    if (!client_ || !credentials_)
        throw options_error("azure collector: no http client or credentials");
}

std::string arm_client::url(std::string_view path_and_query) const {
    return endpoint_ + std::string(path_and_query);
}

boost::asio::awaitable<std::string> arm_client::get(std::string url) {
    if (origin_of(url) != origin_)
        throw page_error("nextLink leaves the management endpoint (" + origin_ +
                         "): refusing GET " + url_path(url));
    http::request req;
    req.url = url;
    req.headers = {{"Accept", "application/json"}};
    ++calls_;
    static auto& counter = metrics::default_registry().get_counter(
        "cloudsync_cloud_api_calls_total", "Cloud API calls made by collectors",
        {{"provider", "azure"}});
    counter.add();
    http::response res = co_await auth::send(client_, credentials_, std::move(req));
    if (res.status < 200 || res.status > 299)
        throw arm_error(res.status, res.body, url);
    co_return std::move(res.body);
}

boost::asio::awaitable<void> arm_client::ensure_credentials() {
    http::request probe;
    probe.url = endpoint_ + "/";
    http::request authorized = co_await credentials_->authorize(std::move(probe));
    (void)authorized; // only the side effect matters: a token in the cache
}

} // namespace cloudsync::collectors::azure::detail
