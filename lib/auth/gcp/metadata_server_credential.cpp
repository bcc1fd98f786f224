#include "auth/gcp/metadata_server_credential.hpp"

#include "auth/error.hpp"
#include "auth/gcp/detail/endpoint.hpp"
#include "auth/oauth_token.hpp"

#include <boost/json/parse.hpp>

namespace cloudsync::auth::gcp {

namespace {

constexpr std::string_view origin = "gcp metadata server";

std::string trimmed(std::string text) {
    while (!text.empty() && text.back() == '/')
        text.pop_back();
    return text;
}

bool json_object(std::string_view body) {
    boost::system::error_code ec;
    const auto doc = boost::json::parse(body, ec);
    return !ec && doc.is_object();
}

// The metadata server answers errors in plain text; say what the status means.
std::string status_hint(unsigned status) {
    switch (status) {
    case 403:
        return "(refused: the request lacked Metadata-Flavor: Google, or the endpoint is "
               "disabled for this VM)";
    case 404:
        return "(no service account is attached to this VM)";
    default:
        return "(not a token answer)";
    }
}

} // namespace

metadata_server_credential::metadata_server_credential(std::shared_ptr<http::client> client,
                                                       metadata_server_options options)
    : bearer_authorizer(options.clock), client_(std::move(client)) {
    const auto base = detail::checked_metadata_base(options.endpoint, origin);
    token_url_ = base.url + std::string(metadata_token_path);
    link_local_ = base.link_local;
    described_ = trimmed(std::move(options.endpoint)) + std::string(metadata_token_path);
    if (!client_)
        throw auth_error(std::string(origin) + ": no http client");
}

boost::asio::awaitable<bearer_token> metadata_server_credential::fetch() {
    http::request req;
    req.method = boost::beast::http::verb::get;
    req.url = token_url_;
    req.allow_instance_metadata_http = link_local_;
    req.headers = {{"Metadata-Flavor", "Google"}, {"Accept", "application/json"}};
    const http::response res = co_await client_->send(std::move(req));
    if (res.status != 200 && !json_object(res.body))
        throw auth_error("token request to " + described_ + " failed: HTTP " +
                         std::to_string(res.status) + " " + status_hint(res.status));
    if (res.status == 200 && res.header("Metadata-Flavor") != "Google")
        throw auth_error("token request to " + described_ +
                         " failed: the answer lacks Metadata-Flavor: Google (not the "
                         "metadata server)");
    co_return parse_token_answer(res.status, res.body, described_);
}

} // namespace cloudsync::auth::gcp
