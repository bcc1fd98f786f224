#include "auth/aws/sts.hpp"

#include "auth/aws/detail/xml.hpp"
#include "auth/aws/sigv4_authorizer.hpp"
#include "auth/error.hpp"
#include "auth/oauth_token.hpp"

#include <algorithm>
#include <cctype>

namespace cloudsync::auth::aws {

namespace {

constexpr std::size_t max_message = 300;

http::request form_post(std::string_view endpoint, std::string body) {
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = std::string(endpoint);
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    req.body = std::move(body);
    return req;
}

std::string first_line(std::string text) {
    text = text.substr(0, text.find_first_of("\r\n"));
    if (text.size() > max_message)
        text = text.substr(0, max_message) + "...";
    return text;
}

[[noreturn]] void fail(std::string_view action, std::string_view endpoint, unsigned status,
                       const std::string& why) {
    throw auth_error("sts " + std::string(action) + " at " +
                     std::string(endpoint.substr(0, endpoint.find('?'))) + " failed: HTTP " +
                     std::to_string(status) + " " + why);
}

// The answer's root when it is a 200 <{action}Response>; throws the STS error
// (or what the answer is) otherwise.
pugi::xml_node result_of(pugi::xml_document& doc, std::string_view action, unsigned status,
                         std::string_view body, std::string_view endpoint) {
    const auto root = detail::root_of(doc, body);
    if (root && detail::local_name(root) == "ErrorResponse") {
        const auto error = detail::child(root, "Error");
        const auto code = detail::text_at(error, {"Code"});
        fail(action, endpoint, status,
             (code.empty() ? std::string("(no error code)") : code) + ": " +
                 first_line(detail::text_at(error, {"Message"})));
    }
    const std::string expected = std::string(action) + "Response";
    if (status != 200 || !root || detail::local_name(root) != expected)
        fail(action, endpoint, status, "(not an sts " + std::string(action) + " answer)");
    const auto result = detail::child(root, std::string(action) + "Result");
    if (!result)
        fail(action, endpoint, status, "(no " + std::string(action) + "Result in the answer)");
    return result;
}

std::string without_whitespace(std::string text) {
    std::erase_if(text, [](unsigned char c) { return std::isspace(c) != 0; });
    return text;
}

} // namespace

http::request assume_role_request(std::string_view endpoint, const assume_role_params& params) {
    if (params.role_arn.empty() || params.session_name.size() < 2 ||
        params.session_name.size() > 64)
        throw auth_error("sts AssumeRole: a role ARN and a session name of 2 to 64 characters "
                         "are required");
    if (params.duration < min_session_duration || params.duration > max_session_duration)
        throw auth_error("sts AssumeRole: duration " + std::to_string(params.duration.count()) +
                         " s is outside [900, 43200] s");
    std::string body = form_body({{"Action", "AssumeRole"},
                                  {"Version", sts_version},
                                  {"RoleArn", params.role_arn},
                                  {"RoleSessionName", params.session_name}});
    if (!params.external_id.empty())
        body += "&ExternalId=" + form_url_encode(params.external_id.reveal());
    body += "&DurationSeconds=" + std::to_string(params.duration.count());
    return form_post(endpoint, std::move(body));
}

http::request caller_identity_request(std::string_view endpoint) {
    return form_post(endpoint,
                     form_body({{"Action", "GetCallerIdentity"}, {"Version", sts_version}}));
}

aws_credentials parse_assume_role_answer(unsigned status, std::string_view body,
                                         std::string_view endpoint) {
    pugi::xml_document doc;
    const auto result = result_of(doc, "AssumeRole", status, body, endpoint);
    const auto keys = detail::child(result, "Credentials");
    aws_credentials out;
    out.access_key_id = without_whitespace(detail::text_at(keys, {"AccessKeyId"}));
    out.secret_access_key = secret(without_whitespace(detail::text_at(keys, {"SecretAccessKey"})));
    // The documentation's example wraps the token over indented lines; a token
    // is base64 and never holds whitespace.
    out.session_token = secret(without_whitespace(detail::text_at(keys, {"SessionToken"})));
    out.expiry = detail::parse_timestamp(detail::text_at(keys, {"Expiration"}));
    if (out.access_key_id.empty() || out.secret_access_key.empty() || out.session_token.empty())
        fail("AssumeRole", endpoint, status,
             "(the answer lacks Credentials AccessKeyId, SecretAccessKey or SessionToken)");
    if (!out.expiry)
        fail("AssumeRole", endpoint, status, "(the answer lacks a valid Credentials Expiration)");
    return out;
}

caller_identity parse_caller_identity_answer(unsigned status, std::string_view body,
                                             std::string_view endpoint) {
    pugi::xml_document doc;
    const auto result = result_of(doc, "GetCallerIdentity", status, body, endpoint);
    caller_identity out{detail::text_at(result, {"Account"}), detail::text_at(result, {"Arn"}),
                        detail::text_at(result, {"UserId"})};
    if (out.account.size() != 12 ||
        !std::all_of(out.account.begin(), out.account.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; }))
        fail("GetCallerIdentity", endpoint, status, "(the answer lacks a 12-digit Account)");
    return out;
}

boost::asio::awaitable<caller_identity>
get_caller_identity(std::shared_ptr<http::client> client, std::shared_ptr<credential_source> source,
                    std::string endpoint, std::string region,
                    std::shared_ptr<const cloudsync::clock> clock) {
    auto signer = std::make_shared<sigv4_authorizer>(
        std::move(source), sigv4_scope{"sts", std::move(region)}, std::move(clock));
    http::request req = caller_identity_request(endpoint);
    const http::response res = co_await send(std::move(client), std::move(signer), std::move(req));
    co_return parse_caller_identity_answer(res.status, res.body, endpoint);
}

} // namespace cloudsync::auth::aws
