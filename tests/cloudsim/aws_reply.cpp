#include "cloudsim/aws_reply.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"

#include <atomic>
#include <chrono>

namespace cloudsync::cloudsim {

namespace {

std::atomic<std::uint64_t> request_counter{0};

struct auth_words {
    unsigned status;
    std::string_view code;
    std::string_view message; // "" = the verifier's own message
};

// How each protocol words each refusal (AWS common errors, S3 error codes,
// the EC2 error code list).
auth_words words(aws_protocol protocol, sigv4_failure failure) {
    using f = sigv4_failure;
    constexpr std::string_view invalid_token =
        "The security token included in the request is invalid.";
    constexpr std::string_view expired_token =
        "The security token included in the request is expired";
    switch (protocol) {
    case aws_protocol::ec2:
        switch (failure) {
        case f::missing:
            return {401, "MissingAuthenticationToken",
                    "The request must contain either a valid (registered) AWS access key ID or "
                    "X.509 certificate."};
        case f::malformed:
        case f::missing_date:
            return {400, "IncompleteSignature", ""};
        case f::skewed:
            return {400, "RequestExpired", "Request has expired."};
        case f::expired_token:
            return {400, "ExpiredToken", expired_token};
        default:
            return {401, "AuthFailure",
                    "AWS was not able to validate the provided access credentials"};
        }
    case aws_protocol::s3:
        switch (failure) {
        case f::missing:
            return {403, "AccessDenied", "Access Denied"};
        case f::malformed:
        case f::bad_scope_region:
        case f::bad_scope_service:
        case f::bad_scope_date:
            return {400, "AuthorizationHeaderMalformed", ""};
        case f::missing_date:
            return {403, "AccessDenied",
                    "AWS authentication requires a valid Date or x-amz-date header"};
        case f::skewed:
            return {403, "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large."};
        case f::unknown_key:
            return {403, "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records."};
        case f::bad_token:
            return {400, "InvalidToken", "The provided token is malformed or otherwise invalid."};
        case f::expired_token:
            return {400, "ExpiredToken", "The provided token has expired."};
        case f::missing_content_sha256:
            return {400, "InvalidRequest", ""};
        case f::content_sha256_mismatch:
            return {400, "XAmzContentSHA256Mismatch", ""};
        case f::mismatch:
            return {403, "SignatureDoesNotMatch", ""};
        }
        break;
    case aws_protocol::json:
        switch (failure) {
        case f::missing:
            return {400, "MissingAuthenticationTokenException", "Missing Authentication Token"};
        case f::malformed:
        case f::missing_date:
            return {400, "IncompleteSignatureException", ""};
        case f::unknown_key:
        case f::bad_token:
            return {400, "UnrecognizedClientException", invalid_token};
        case f::expired_token:
            return {400, "ExpiredTokenException", expired_token};
        default:
            return {400, "InvalidSignatureException", ""};
        }
    case aws_protocol::query:
        switch (failure) {
        case f::missing:
            return {403, "MissingAuthenticationToken", "Request is missing Authentication Token"};
        case f::malformed:
        case f::missing_date:
            return {400, "IncompleteSignature", ""};
        case f::unknown_key:
        case f::bad_token:
            return {403, "InvalidClientTokenId", invalid_token};
        case f::expired_token:
            return {400, "ExpiredToken", expired_token};
        default:
            return {403, "SignatureDoesNotMatch", ""};
        }
    }
    return {403, "AccessDenied", ""};
}

} // namespace

aws_protocol aws_protocol_of(std::string_view service) {
    if (service == "ec2")
        return aws_protocol::ec2;
    if (service == "s3")
        return aws_protocol::s3;
    if (service == "ecs")
        return aws_protocol::json;
    return aws_protocol::query;
}

std::string aws_request_id() {
    const auto n = request_counter.fetch_add(1, std::memory_order_relaxed);
    const auto t =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    return detail::guid(detail::hash(n, 0xa75), detail::hash(t, n));
}

void append_xml_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            out += c;
        }
    }
}

std::string xml_escaped(std::string_view text) {
    std::string out;
    append_xml_escaped(out, text);
    return out;
}

void append_xml_element(std::string& out, std::string_view name, std::string_view text) {
    out += '<';
    out += name;
    out += '>';
    append_xml_escaped(out, text);
    out += "</";
    out += name;
    out += '>';
}

reply aws_xml_reply(std::string body, const std::string& request_id) {
    reply r;
    r.status = 200;
    r.content_type = "text/xml";
    r.body = std::move(body);
    r.headers.emplace_back("x-amzn-RequestId", request_id);
    return r;
}

reply aws_json_reply(std::string body) {
    reply r = json_reply(200, std::move(body));
    r.content_type = "application/x-amz-json-1.1";
    r.headers.emplace_back("x-amzn-RequestId", aws_request_id());
    return r;
}

reply aws_query_error(unsigned status, std::string_view code, std::string_view message,
                      bool sender) {
    const std::string id = aws_request_id();
    std::string body = "<ErrorResponse><Error><Type>";
    body += sender ? "Sender" : "Receiver";
    body += "</Type>";
    append_xml_element(body, "Code", code);
    append_xml_element(body, "Message", message);
    body += "</Error>";
    append_xml_element(body, "RequestId", id);
    body += "</ErrorResponse>";
    reply r = aws_xml_reply(std::move(body), id);
    r.status = status;
    return r;
}

reply aws_ec2_error(unsigned status, std::string_view code, std::string_view message) {
    const std::string id = aws_request_id();
    std::string body = "<Response><Errors><Error>";
    append_xml_element(body, "Code", code);
    append_xml_element(body, "Message", message);
    body += "</Error></Errors>";
    append_xml_element(body, "RequestID", id);
    body += "</Response>";
    reply r = aws_xml_reply(std::move(body), id);
    r.status = status;
    r.content_type = "text/xml;charset=UTF-8";
    return r;
}

reply aws_s3_error(unsigned status, std::string_view code, std::string_view message,
                   const std::vector<std::pair<std::string, std::string>>& extra) {
    const std::string id = aws_request_id();
    std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>";
    append_xml_element(body, "Code", code);
    append_xml_element(body, "Message", message);
    for (const auto& [name, value] : extra)
        append_xml_element(body, name, value);
    append_xml_element(body, "RequestId", id);
    body += "</Error>";
    reply r;
    r.status = status;
    r.content_type = "application/xml";
    r.body = std::move(body);
    r.headers.emplace_back("x-amz-request-id", id);
    return r;
}

reply aws_json_error(unsigned status, std::string_view type, std::string_view message) {
    std::string body = "{";
    detail::append_member(body, "__type", type);
    detail::append_member(body, "message", message, false);
    body += '}';
    reply r = json_reply(status, std::move(body));
    r.content_type = "application/x-amz-json-1.1";
    r.headers.emplace_back("x-amzn-RequestId", aws_request_id());
    return r;
}

reply aws_error(aws_protocol protocol, unsigned status, std::string_view code,
                std::string_view message) {
    switch (protocol) {
    case aws_protocol::ec2:
        return aws_ec2_error(status, code, message);
    case aws_protocol::s3:
        return aws_s3_error(status, code, message);
    case aws_protocol::json:
        return aws_json_error(status, code, message);
    case aws_protocol::query:
        break;
    }
    return aws_query_error(status, code, message, status < 500);
}

reply aws_auth_failure(aws_protocol protocol, const sigv4_error& error, std::string_view region) {
    const auto w = words(protocol, error.failure);
    const std::string_view message =
        w.message.empty() ? std::string_view(error.message) : w.message;
    if (protocol == aws_protocol::s3 && error.failure == sigv4_failure::bad_scope_region)
        return aws_s3_error(w.status, w.code, message, {{"Region", std::string(region)}});
    return aws_error(protocol, w.status, w.code, message);
}

reply aws_access_denied(aws_protocol protocol, std::string_view principal_arn,
                        std::string_view action) {
    const std::string because = "User: " + std::string(principal_arn) +
                                " is not authorized to perform: " + std::string(action);
    switch (protocol) {
    case aws_protocol::ec2:
        return aws_ec2_error(403, "UnauthorizedOperation",
                             "You are not authorized to perform this operation. " + because);
    case aws_protocol::s3:
        return aws_s3_error(403, "AccessDenied", "Access Denied");
    case aws_protocol::json:
        return aws_json_error(400, "AccessDeniedException", because);
    case aws_protocol::query:
        break;
    }
    return aws_query_error(403, "AccessDenied", because);
}

reply aws_throttled(std::string_view service) {
    if (service == "ec2")
        return aws_ec2_error(503, "RequestLimitExceeded", "Request limit exceeded.");
    if (service == "s3")
        return aws_s3_error(503, "SlowDown", "Please reduce your request rate.");
    if (service == "ecs")
        return aws_json_error(400, "ThrottlingException", "Rate exceeded");
    return aws_query_error(400, "Throttling", "Rate exceeded");
}

reply aws_server_error(aws_protocol protocol, unsigned status) {
    const bool unavailable = status == 503;
    switch (protocol) {
    case aws_protocol::ec2:
        return aws_ec2_error(status, unavailable ? "Unavailable" : "InternalError",
                             "An internal error has occurred");
    case aws_protocol::s3:
        return aws_s3_error(status, unavailable ? "ServiceUnavailable" : "InternalError",
                            "We encountered an internal error. Please try again.");
    case aws_protocol::json:
        return aws_json_error(status,
                              unavailable ? "ServiceUnavailableException" : "ServerException",
                              "Service encountered an internal error.");
    case aws_protocol::query:
        break;
    }
    return aws_query_error(status, unavailable ? "ServiceUnavailable" : "InternalFailure",
                           "The request processing has failed because of an unknown error.", false);
}

} // namespace cloudsync::cloudsim
