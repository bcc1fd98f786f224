#include "auth/oauth_token.hpp"

#include "auth/error.hpp"
#include "core/json.hpp"
#include "core/percent.hpp"
#include "core/text.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <cmath>
#include <limits>

namespace cloudsync::auth {

namespace {

std::string first_line(std::string_view text) {
    const auto end = text.find_first_of("\r\n");
    return std::string(text.substr(0, end));
}

std::int64_t expires_in_of(const boost::json::value& doc) {
    return integer_member(doc, "expires_in").value_or(0);
}

[[noreturn]] void fail(std::string_view endpoint, unsigned status, std::string_view what) {
    throw auth_error("token request to " + std::string(endpoint) + " failed: HTTP " +
                     std::to_string(status) + " " + std::string(what));
}

} // namespace

std::string form_url_encode(std::string_view value) {
    return percent_encode(value);
}

std::string form_body(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
    std::string out;
    for (const auto& [key, value] : fields) {
        if (!out.empty())
            out.push_back('&');
        out += form_url_encode(key) + "=" + form_url_encode(value);
    }
    return out;
}

std::optional<std::int64_t> integer_member(const boost::json::value& doc, std::string_view key) {
    const auto* value = json::find(doc, {key});
    if (value == nullptr)
        return std::nullopt;
    if (value->is_int64())
        return value->get_int64();
    if (value->is_uint64())
        return value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)
                   ? std::optional<std::int64_t>(static_cast<std::int64_t>(value->get_uint64()))
                   : std::nullopt;
    if (value->is_double()) {
        const double d = value->get_double();
        constexpr double limit = 9.0e18; // inside int64 with margin: the cast stays defined
        if (!std::isfinite(d) || d >= limit || d <= -limit)
            return std::nullopt;
        return static_cast<std::int64_t>(d);
    }
    if (!value->is_string())
        return std::nullopt;
    const auto& text = value->get_string();
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return number;
}

bearer_token parse_token_answer(unsigned status, std::string_view body, std::string_view endpoint) {
    return parse_token_answer(status, body, endpoint, expires_in_of,
                              "(no positive expires_in in response)");
}

bearer_token parse_token_answer(unsigned status, std::string_view body, std::string_view endpoint,
                                const std::function<std::int64_t(const boost::json::value&)>&
                                    lifetime_seconds,
                                std::string_view missing_lifetime) {
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(body, ec);
    if (ec || !doc.is_object())
        fail(endpoint, status, "(response is not a JSON object)");
    if (status != 200 || json::find(doc, {"error"}) != nullptr) {
        const auto code = json::string_at(doc, {"error"}).value_or("unknown_error");
        const auto description = json::string_or_empty(doc, {"error_description"});
        fail(endpoint, status, description.empty() ? code : code + ": " + first_line(description));
    }
    auto token = json::string_at(doc, {"access_token"});
    if (!token || token->empty())
        fail(endpoint, status, "(no access_token in response)");
    const auto type = json::string_or_empty(doc, {"token_type"});
    if (!type.empty() && !iequals(type, "bearer"))
        fail(endpoint, status, "(unsupported token_type " + type + ")");
    const auto seconds = lifetime_seconds(doc);
    if (seconds <= 0)
        fail(endpoint, status, missing_lifetime);
    return bearer_token{secret(std::move(*token)), std::chrono::seconds(seconds)};
}

} // namespace cloudsync::auth
