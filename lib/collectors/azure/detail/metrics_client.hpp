// The one authorized POST the metrics collector makes: metrics:getBatch on the
// regional Azure Monitor data plane. It carries a token for the metrics audience
// (not ARM's), so it refuses any URL that is not under the configured metrics
// endpoint of that region; ARM GETs stay with the ARM client (detail/arm.hpp).
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/common/api_client.hpp"
#include "http/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cloudsync::collectors::azure::detail {

class metrics_client {
public:
    // endpoint_template: absolute http(s) URL with "{region}" where the region
    // goes ("https://{region}.metrics.monitor.azure.com"). Throws options_error when
    // it is not one, or when client or credentials are null.
    metrics_client(std::shared_ptr<http::client> client,
                   std::shared_ptr<auth::authorizer> credentials, std::string endpoint_template);

    // The endpoint of one region (region must be a metric_region()).
    std::string endpoint(std::string_view region) const;

    // POSTs the JSON body to url; returns the body of a 2xx answer. Throws
    // page_error when url is not under endpoint(region), api_error (naming the
    // path, never the query) for any other status.
    boost::asio::awaitable<std::string> post(std::string region, std::string url, std::string body);

    // Obtains the metrics token (a cached one costs nothing) without sending a
    // request. Throws what authorizer::authorize() throws.
    boost::asio::awaitable<void> ensure_credentials();

    std::uint64_t calls() const noexcept { return api_->calls(); }

private:
    std::string template_;
    std::shared_ptr<common::api_client> api_; // may send to any region's endpoint
};

} // namespace cloudsync::collectors::azure::detail
