#include "collectors/aws/detail/query.hpp"

#include "auth/oauth_token.hpp"
#include "collectors/common/url.hpp"

#include "collectors/aws/detail/xml.hpp"

#include <algorithm>

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

std::string caller_account(std::string_view xml, std::string_view url) {
    pugi::xml_document doc;
    std::string account;
    if (auto root = try_parse(doc, xml); root && local_name(root) == "GetCallerIdentityResponse")
        if (auto result = optional_child(root, "GetCallerIdentityResult"))
            account = text_or_empty(result, "Account");
    if (account.size() != 12 ||
        !std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw page_error("malformed answer from POST " + common::url_path(url) +
                         ": no 12-digit Account in GetCallerIdentity");
    return account;
}

asio::awaitable<std::string> query(std::shared_ptr<common::api_client> client, query_params params,
                                   std::string scope_key) {
    co_return co_await client->post_form(client->url("/"), query_body(params),
                                         std::move(scope_key));
}

} // namespace cloudsync::collectors::aws::detail
