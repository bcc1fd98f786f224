#include "collectors/gcp/error_body.hpp"

#include "collectors/common/url.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace cloudsync::collectors::gcp {

namespace {

constexpr std::size_t message_limit = 300;
constexpr std::size_t scan_limit = 4096; // of a body that is not Google's error

template <std::size_t N>
const std::string* first_of(const std::vector<std::string>& words,
                            const std::array<std::string_view, N>& wanted) {
    for (const auto& word : words)
        for (const auto w : wanted)
            if (iequals(word, w))
                return &word;
    return nullptr;
}

// Spans that look like credentials: Google access tokens (ya29.), bearer
// values and token parameters. Replaced up to the next space or quote.
std::string redacted(std::string text) {
    constexpr std::array markers{
        std::string_view("ya29."), std::string_view("Bearer "), std::string_view("access_token="),
        std::string_view("refresh_token="), std::string_view("assertion=")};
    for (const auto marker : markers) {
        for (std::size_t at = 0;;) {
            const auto lower = to_lower(text);
            at = lower.find(to_lower(marker), at);
            if (at == std::string::npos)
                break;
            const auto value = at + marker.size();
            auto end = text.find_first_of(" \"'&,;", value);
            if (end == std::string::npos)
                end = text.size();
            text.replace(value, end - value, "[redacted]");
            at = value + 10;
        }
    }
    return text;
}

std::string one_line(std::string_view text) {
    std::string out(text.substr(0, message_limit));
    for (auto& c : out)
        if (c == '\r' || c == '\n' || c == '\t')
            c = ' ';
    if (text.size() > message_limit)
        out += "...";
    return out;
}

// An enum word (google.rpc.Code name, ErrorInfo reason: UPPER_SNAKE_CASE up to
// 63 characters, or a legacy camelCase reason), else "": a field that is not
// one is not trusted into a message.
std::string word(std::string text) {
    const bool plain =
        !text.empty() && text.size() <= 63 && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
    return plain ? text : std::string();
}

// Text from a body for a message: its start, redacted, on one line, clipped.
std::string clean(std::string_view text) {
    return one_line(redacted(std::string(text.substr(0, scan_limit))));
}

void read_details(const boost::json::value& error, google_error& out) {
    const auto* details = json::find(error, {"details"});
    if (details == nullptr || !details->is_array())
        return;
    for (const auto& detail : details->get_array()) {
        const auto type = json::string_or_empty(detail, {"@type"});
        if (!type.ends_with("google.rpc.ErrorInfo"))
            continue;
        if (auto reason = word(json::string_or_empty(detail, {"reason"})); !reason.empty())
            out.reasons.push_back(std::move(reason));
        if (out.service.empty())
            out.service = clean(json::string_or_empty(detail, {"metadata", "service"}));
        if (out.consumer.empty())
            out.consumer = clean(json::string_or_empty(detail, {"metadata", "consumer"}));
    }
}

void read_errors(const boost::json::value& error, google_error& out) {
    const auto* errors = json::find(error, {"errors"});
    if (errors == nullptr || !errors->is_array())
        return;
    for (const auto& entry : errors->get_array())
        if (auto reason = word(json::string_or_empty(entry, {"reason"})); !reason.empty())
            out.reasons.push_back(std::move(reason));
}

std::string what_happened(const google_error& e) {
    switch (e.kind) {
    case error_kind::api_disabled: {
        std::string text = "API not enabled";
        if (!e.service.empty())
            text += ": " + e.service;
        if (!e.consumer.empty())
            text += " in " + e.consumer;
        return text + " (the project has none of this kind)";
    }
    case error_kind::rate_limited:
        return "quota or rate limit exceeded";
    case error_kind::unauthenticated:
        return "not authenticated (the access token was refused)";
    case error_kind::permission_denied:
        return "permission denied (the identity needs the Viewer role on the project)";
    case error_kind::not_found:
        return "not found";
    case error_kind::other:
        break;
    }
    return "request failed";
}

} // namespace

std::string_view to_string(error_kind kind) noexcept {
    switch (kind) {
    case error_kind::api_disabled:
        return "api_disabled";
    case error_kind::rate_limited:
        return "rate_limited";
    case error_kind::unauthenticated:
        return "unauthenticated";
    case error_kind::permission_denied:
        return "permission_denied";
    case error_kind::not_found:
        return "not_found";
    case error_kind::other:
        break;
    }
    return "other";
}

namespace {

constexpr std::array disabled_words{std::string_view("SERVICE_DISABLED"),
                                    std::string_view("accessNotConfigured")};
constexpr std::array rate_words{
    std::string_view("RESOURCE_EXHAUSTED"), std::string_view("RATE_LIMIT_EXCEEDED"),
    std::string_view("rateLimitExceeded"),  std::string_view("userRateLimitExceeded"),
    std::string_view("quotaExceeded"),      std::string_view("dailyLimitExceeded")};
constexpr std::array unauthenticated_words{std::string_view("UNAUTHENTICATED"),
                                           std::string_view("authError"),
                                           std::string_view("required")};
constexpr std::array denied_words{
    std::string_view("PERMISSION_DENIED"), std::string_view("forbidden"),
    std::string_view("insufficientPermissions"), std::string_view("IAM_PERMISSION_DENIED")};
constexpr std::array not_found_words{std::string_view("NOT_FOUND"), std::string_view("notFound")};

// kind and the word that decided it (nullptr: the HTTP status did, or nothing).
std::pair<error_kind, const std::string*> decide(unsigned status,
                                                 const std::vector<std::string>& words) {
    if (const auto* w = first_of(words, disabled_words))
        return {error_kind::api_disabled, w};
    if (const auto* w = first_of(words, rate_words); w != nullptr || status == 429)
        return {error_kind::rate_limited, w};
    if (const auto* w = first_of(words, unauthenticated_words); w != nullptr || status == 401)
        return {error_kind::unauthenticated, w};
    if (const auto* w = first_of(words, denied_words); w != nullptr || status == 403)
        return {error_kind::permission_denied, w};
    if (const auto* w = first_of(words, not_found_words); w != nullptr || status == 404)
        return {error_kind::not_found, w};
    return {error_kind::other, nullptr};
}

} // namespace

error_kind classify(unsigned http_status, const std::vector<std::string>& words) {
    return decide(http_status, words).first;
}

google_error parse_google_error(unsigned http_status, std::string_view body) {
    google_error out;
    boost::system::error_code ec;
    const auto doc = boost::json::parse(body, ec);
    const auto* error = ec ? nullptr : json::find(doc, {"error"});
    if (error != nullptr && error->is_object()) {
        out.status = word(json::string_or_empty(*error, {"status"}));
        read_details(*error, out);
        read_errors(*error, out);
        out.message = clean(json::string_or_empty(*error, {"message"}));
    } else {
        out.message = clean(body);
    }
    auto words = out.reasons;
    if (!out.status.empty())
        words.insert(words.begin(), out.status);
    const auto [kind, word] = decide(http_status, words);
    out.kind = kind;
    out.code = word != nullptr ? *word : !out.reasons.empty() ? out.reasons.front() : out.status;
    out.summary = what_happened(out);
    if (!out.message.empty())
        out.summary += ": " + out.message;
    return out;
}

api_error gcp_error(unsigned http_status, std::string_view body, std::string_view url) {
    auto e = parse_google_error(http_status, body);
    std::string what = "GET " + common::url_path(url) + ": HTTP " + std::to_string(http_status);
    if (!e.code.empty())
        what += " " + e.code;
    what += ": " + e.summary;
    return api_error(http_status, std::move(e.code), std::move(e.message), what);
}

error_kind kind_of(const api_error& error) {
    return classify(error.status(), {error.code()});
}

} // namespace cloudsync::collectors::gcp
