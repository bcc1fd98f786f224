#include "collectors/aws/error_body.hpp"

#include "collectors/aws/detail/xml.hpp"
#include "collectors/common/url.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace cloudsync::collectors::aws {

namespace {

constexpr std::size_t message_limit = 300;
constexpr std::size_t scan_limit = 4096; // of a message or body before redaction
constexpr std::size_t code_limit = 128;

// A code or request id as AWS writes them, else "": a field holding other
// text is not trusted into a message.
std::string code_word(std::string_view text) {
    const auto ok = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
               c == ':';
    };
    if (text.empty() || text.size() > code_limit || !std::all_of(text.begin(), text.end(), ok))
        return {};
    return std::string(text);
}

// Values that are signatures or credentials (an IncompleteSignature message
// may quote the Authorization header; a proxy page may quote a presigned URL):
// replaced up to the next delimiter.
std::string redacted(std::string text) {
    constexpr std::array markers{
        std::string_view("signature="),       std::string_view("credential="),
        std::string_view("security-token="),  std::string_view("securitytoken="),
        std::string_view("sessiontoken="),    std::string_view("session_token="),
        std::string_view("secretaccesskey="), std::string_view("secret_access_key=")};
    for (const auto marker : markers) {
        for (std::size_t at = 0;;) {
            at = to_lower(text).find(marker, at);
            if (at == std::string::npos)
                break;
            const auto value = at + marker.size();
            auto end = text.find_first_of(" \t\r\n\"'&,;<>", value);
            if (end == std::string::npos)
                end = text.size();
            text.replace(value, end - value, "[redacted]");
            at = value + 10;
        }
    }
    return text;
}

// On one line, printable ASCII, clipped, redacted.
std::string clean(std::string_view text) {
    auto out = redacted(std::string(text.substr(0, scan_limit)));
    // AWS writes its messages in English; other bytes (a proxy's page, a
    // multibyte character the clip would cut in half) must not make the text
    // invalid UTF-8 where it is logged and stored.
    for (auto& c : out)
        if (c == '\r' || c == '\n' || c == '\t')
            c = ' ';
        else if (c < 0x20 || c > 0x7e)
            c = '?';
    const auto first = out.find_first_not_of(' ');
    out.erase(0, first == std::string::npos ? out.size() : first);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (out.size() > message_limit) {
        out.resize(message_limit);
        out += "...";
    }
    return out;
}

std::string first_line(std::string_view body) {
    const auto start = body.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos)
        return {};
    body.remove_prefix(start);
    return clean(body.substr(0, body.find_first_of("\r\n")));
}

// The first child element of parent with that local name, or an empty node.
pugi::xml_node first_child(pugi::xml_node parent, std::string_view name) {
    for (auto child = parent.first_child(); child; child = child.next_sibling())
        if (child.type() == pugi::node_element && detail::local_name(child) == name)
            return child;
    return {};
}

// The <Error> element of the three XML shapes, or an empty node.
pugi::xml_node error_element(pugi::xml_node root) {
    const auto name = detail::local_name(root);
    if (name == "Error")
        return root; // S3
    if (name == "ErrorResponse")
        return first_child(root, "Error"); // Query
    if (name == "Response")
        return first_child(first_child(root, "Errors"), "Error"); // EC2
    return {};
}

// The first child text by local name, "" when none; never throws.
std::string child_text(pugi::xml_node parent, std::string_view name) {
    std::string out;
    bool seen = false;
    detail::for_each_child(parent, name, [&](pugi::xml_node child) {
        if (!seen)
            out = child.child_value();
        seen = true;
    });
    return out;
}

std::string trimmed(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool read_xml(std::string_view body, aws_error& out) {
    pugi::xml_document document;
    const auto root = detail::try_parse(document, body);
    if (!root)
        return false;
    const auto error = error_element(root);
    if (!error)
        return false;
    out.code = code_word(trimmed(child_text(error, "Code")));
    out.message = clean(trimmed(child_text(error, "Message")));
    auto id = trimmed(child_text(root, "RequestID")); // EC2
    if (id.empty())
        id = trimmed(child_text(root, "RequestId")); // Query, S3
    out.request_id = code_word(id);
    return true;
}

// "aws.protocoltests.json10#CustomCodeError" -> "CustomCodeError"; some
// services append ":<url>" to the type.
std::string json_code(std::string_view type) {
    if (const auto hash = type.rfind('#'); hash != std::string_view::npos)
        type.remove_prefix(hash + 1);
    return code_word(type.substr(0, type.find(':')));
}

bool read_json(std::string_view body, aws_error& out) {
    boost::system::error_code ec;
    const auto doc = boost::json::parse(body, ec);
    if (ec || !doc.is_object())
        return false;
    auto code = json::string_at(doc, {"__type"});
    if (!code)
        code = json::string_at(doc, {"code"});
    if (!code)
        code = json::string_at(doc, {"Code"});
    auto message = json::string_at(doc, {"message"});
    if (!message)
        message = json::string_at(doc, {"Message"});
    if (!code && !message)
        return false;
    out.code = code ? json_code(*code) : std::string();
    out.message = message ? clean(*message) : std::string();
    return true;
}

} // namespace

aws_error parse_aws_error(unsigned /*http_status*/, std::string_view body) {
    aws_error out;
    if (read_xml(body, out) || read_json(body, out))
        return out;
    out.message = first_line(body);
    return out;
}

api_error aws_api_error(unsigned http_status, std::string_view body, std::string_view method,
                        std::string_view url) {
    auto e = parse_aws_error(http_status, body);
    std::string what =
        std::string(method) + " " + common::url_path(url) + ": HTTP " + std::to_string(http_status);
    if (!e.code.empty())
        what += " " + e.code;
    what += ": " + (e.message.empty() ? std::string("(no message)") : e.message);
    return api_error(http_status, std::move(e.code), std::move(e.message), what);
}

bool is_throttle_code(std::string_view code) {
    constexpr std::array codes{std::string_view("Throttling"),
                               std::string_view("ThrottlingException"),
                               std::string_view("RequestLimitExceeded"),
                               std::string_view("SlowDown"),
                               std::string_view("TooManyRequestsException"),
                               std::string_view("RequestThrottled"),
                               std::string_view("RequestThrottledException"),
                               std::string_view("ProvisionedThroughputExceededException"),
                               std::string_view("EC2ThrottledException"),
                               std::string_view("BandwidthLimitExceeded")};
    for (const auto prefix : {std::string_view("Client."), std::string_view("Server.")})
        if (code.starts_with(prefix))
            code.remove_prefix(prefix.size());
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

} // namespace cloudsync::collectors::aws
