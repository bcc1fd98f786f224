#include "cloudsim/gce_metadata.hpp"

#include "cloudsim/detail/json_out.hpp"

#include <optional>

namespace cloudsync::cloudsim {

namespace {

namespace http = boost::beast::http;
using detail::append_member;

reply metadata_reply(reply r) {
    r.headers.emplace_back("Metadata-Flavor", "Google");
    return r;
}

reply text_error(unsigned status, std::string body) {
    reply r;
    r.status = status;
    r.content_type = "text/html; charset=UTF-8";
    r.body = std::move(body);
    return metadata_reply(std::move(r));
}

} // namespace

bool is_gce_metadata_token_path(boost::urls::url_view url) {
    return url.path() == "/computeMetadata/v1/instance/service-accounts/default/token";
}

reply handle_gce_metadata_token(const gce_metadata_config& config, token_store& tokens, stats& counters,
                                const http_request& request) {
    std::optional<reply> refused;
    if (request.method() != http::verb::get)
        refused = text_error(405, "Method Not Allowed\n");
    else if (request["Metadata-Flavor"] != "Google" || request.find("X-Forwarded-For") != request.end())
        refused = text_error(403, "Missing required header \"Metadata-Flavor\": \"Google\"\n");
    else if (!config.service_account)
        refused = text_error(404, "Not Found\n");
    if (refused) {
        counters.token_failure();
        return std::move(*refused);
    }
    const std::string token = tokens.issue(config.lifetime, config.service_account_email);
    counters.token_issued();
    std::string body = "{";
    append_member(body, "access_token", token);
    body += "\"expires_in\":" + std::to_string(config.lifetime.count()) + ",";
    append_member(body, "token_type", "Bearer", false);
    body += '}';
    return metadata_reply(json_reply(200, std::move(body)));
}

} // namespace cloudsync::cloudsim
