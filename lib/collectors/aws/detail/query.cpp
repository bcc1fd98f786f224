#include "collectors/aws/detail/query.hpp"

#include "auth/oauth_token.hpp"

namespace cloudsync::collectors::aws::detail {

namespace asio = boost::asio;

std::string query_body(const query_params& params) {
    std::string out;
    for (const auto& [key, value] : params) {
        if (!out.empty())
            out += '&';
        out += auth::form_url_encode(key) + "=" + auth::form_url_encode(value);
    }
    return out;
}

asio::awaitable<std::string> query(std::shared_ptr<common::api_client> client, query_params params,
                                   std::string scope_key) {
    co_return co_await client->post_form(client->url("/"), query_body(params),
                                         std::move(scope_key));
}

} // namespace cloudsync::collectors::aws::detail
