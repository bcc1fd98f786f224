#include "auth/aws/imds.hpp"

#include "auth/aws/detail/uri.hpp"
#include "auth/aws/detail/xml.hpp"
#include "auth/error.hpp"
#include "core/text.hpp"

#include <boost/json/parse.hpp>

namespace cloudsync::auth::aws {

namespace {

constexpr std::string_view link_local = "169.254.169.254";

[[noreturn]] void fail(std::string_view url, unsigned status, const std::string& why) {
    throw auth_error("aws instance profile at " + std::string(url) + " failed: HTTP " +
                     std::to_string(status) + " " + why);
}

bool loopback(std::string_view host) {
    if (host == "localhost" || host == "[::1]")
        return true;
    return host.starts_with("127.") &&
           host.find_first_not_of("0123456789.") == std::string_view::npos;
}

std::string member(const boost::json::object& doc, std::string_view key) {
    const auto* value = doc.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

} // namespace

std::string checked_imds_endpoint(std::string_view endpoint) {
    while (!endpoint.empty() && endpoint.back() == '/')
        endpoint.remove_suffix(1);
    const auto fail_with = [&](std::string_view problem) {
        throw auth_error("aws instance profile: endpoint \"" + std::string(endpoint) + "\" " +
                         std::string(problem));
    };
    detail::url_pieces url;
    try {
        url = detail::split_url(endpoint);
    } catch (const auth_error&) {
        fail_with("is not an absolute http(s) URL with a host");
    }
    if (!url.path.empty() || !url.query.empty() || endpoint.find('#') != std::string_view::npos)
        fail_with("must be a base URL without path or query");
    const std::string host = to_lower(url.authority);
    const auto bracket = host.find(']');
    const auto colon = host.rfind(':');
    const bool has_port =
        colon != std::string::npos && (bracket == std::string::npos || colon > bracket);
    const std::string name = has_port ? host.substr(0, colon) : host;
    if (!iequals(url.scheme, "https") && !loopback(name) && !(name == link_local && !has_port))
        fail_with("may use plain http only for 169.254.169.254 (port 80) or a loopback host");
    return std::string(endpoint);
}

http::request imds_token_request(std::string_view base) {
    http::request req;
    req.method = boost::beast::http::verb::put;
    req.url = std::string(base) + std::string(imds_token_path);
    req.allow_instance_metadata_http = base == std::string("http://") + std::string(link_local);
    req.headers = {
        {"X-aws-ec2-metadata-token-ttl-seconds", std::to_string(imds_token_ttl.count())}};
    return req;
}

http::request imds_get_request(std::string_view base, std::string_view path,
                               const secret& session_token) {
    http::request req;
    req.url = std::string(base) + std::string(path);
    req.allow_instance_metadata_http = base == std::string("http://") + std::string(link_local);
    req.headers = {{"X-aws-ec2-metadata-token", session_token.reveal()}};
    return req;
}

std::string parse_imds_role(unsigned status, std::string_view body, std::string_view url) {
    if (status == 404)
        fail(url, status, "(no IAM role is attached to this instance)");
    if (status != 200)
        fail(url, status, "(not a role listing)");
    const auto end = body.find_first_of("\r\n");
    std::string role(body.substr(0, end));
    while (!role.empty() && (role.back() == ' ' || role.back() == '\t'))
        role.pop_back();
    if (role.empty())
        fail(url, status, "(no IAM role is attached to this instance)");
    if (role.find_first_of("/?#% ") != std::string::npos)
        fail(url, status, "(the role name \"" + role + "\" is not a valid IAM role name)");
    return role;
}

aws_credentials parse_imds_credentials(unsigned status, std::string_view body,
                                       std::string_view url) {
    boost::system::error_code ec;
    const auto doc = boost::json::parse(body, ec);
    if (ec || !doc.is_object())
        fail(url, status, "(not a JSON object)");
    const auto& object = doc.as_object();
    const std::string code = member(object, "Code");
    if (status != 200 || code != "Success")
        fail(url, status,
             (code.empty() ? std::string("(no Code)") : code) +
                 (member(object, "Message").empty() ? "" : ": " + member(object, "Message")));
    aws_credentials out;
    out.access_key_id = member(object, "AccessKeyId");
    out.secret_access_key = secret(member(object, "SecretAccessKey"));
    out.session_token = secret(member(object, "Token"));
    out.expiry = detail::parse_timestamp(member(object, "Expiration"));
    if (out.access_key_id.empty() || out.secret_access_key.empty() || out.session_token.empty())
        fail(url, status, "(the answer lacks AccessKeyId, SecretAccessKey or Token)");
    if (!out.expiry)
        fail(url, status, "(the answer lacks a valid Expiration)");
    return out;
}

} // namespace cloudsync::auth::aws
