#include "auth/azure/managed_identity_credential.hpp"

#include "auth/azure/detail/entra.hpp"
#include "auth/error.hpp"

namespace cloudsync::auth::azure {

managed_identity_credential::managed_identity_credential(std::shared_ptr<http::client> client,
                                                         managed_identity_options options)
    : bearer_authorizer(options.clock), client_(std::move(client)),
      clock_(options.clock ? std::move(options.clock) : std::make_shared<real_clock>()),
      endpoint_(detail::strip_trailing_slashes(std::move(options.endpoint))) {
    if (endpoint_.empty())
        throw auth_error("azure managed identity: endpoint is empty");
    if (endpoint_.find_first_of("?#") != std::string::npos)
        throw auth_error("azure managed identity: endpoint must not have a query or fragment");
    const auto resource = resource_of_scope(options.scope);
    if (resource.empty())
        throw auth_error("azure managed identity: scope is empty");
    if (!client_)
        throw auth_error("azure managed identity: no http client");
    token_url_ = imds_token_url(endpoint_, resource, options.client_id);
}

boost::asio::awaitable<bearer_token> managed_identity_credential::fetch() {
    http::request req;
    req.method = boost::beast::http::verb::get;
    req.allow_instance_metadata_http = true;
    req.url = token_url_;
    req.headers = {{"Metadata", "true"}, {"Accept", "application/json"}};
    const http::response res = co_await client_->send(std::move(req));
    co_return parse_imds_token_response(res.status, res.body, endpoint_, clock_->system());
}

} // namespace cloudsync::auth::azure
