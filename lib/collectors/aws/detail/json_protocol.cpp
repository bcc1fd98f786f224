#include "collectors/aws/detail/json_protocol.hpp"

#include <boost/json/serialize.hpp>

namespace cloudsync::collectors::aws::detail {

boost::asio::awaitable<std::string> json_call(std::shared_ptr<common::api_client> client,
                                              std::string target, boost::json::object request,
                                              std::string scope_key) {
    co_return co_await client->post_json(
        client->url("/"), boost::json::serialize(request),
        {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", std::move(target)}},
        std::move(scope_key));
}

} // namespace cloudsync::collectors::aws::detail
