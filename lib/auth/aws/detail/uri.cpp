#include "auth/aws/detail/uri.hpp"

#include "auth/error.hpp"
#include "core/percent.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace cloudsync::auth::aws::detail {

namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

// RFC 3986 §5.2.4 dot-segment removal plus collapsing empty segments ("//"), as
// the suite's normalize-path cases expect; a trailing slash is kept.
std::string normalize_path(std::string_view path) {
    std::vector<std::string_view> kept;
    const auto segments = split(path, '/');
    for (const auto segment : segments) {
        if (segment.empty() || segment == ".")
            continue;
        if (segment == "..") {
            if (!kept.empty())
                kept.pop_back();
            continue;
        }
        kept.push_back(segment);
    }
    std::string out;
    for (const auto segment : kept)
        out.append("/").append(segment);
    const auto last = segments.back();
    if (out.empty() || last.empty() || last == "." || last == "..")
        out.push_back('/');
    return out;
}

} // namespace

url_pieces split_url(std::string_view url) {
    const auto shown = std::string(url.substr(0, url.find('?')));
    const auto colon = url.find("://");
    if (colon == std::string_view::npos)
        throw auth_error("sigv4: \"" + shown + "\" is not an absolute URL");
    url_pieces pieces;
    pieces.scheme = url.substr(0, colon);
    if (!iequals(pieces.scheme, "https") && !iequals(pieces.scheme, "http"))
        throw auth_error("sigv4: \"" + shown + "\" is neither https nor http");
    auto rest = url.substr(colon + 3);
    rest = rest.substr(0, rest.find('#'));
    const auto authority_end = rest.find_first_of("/?");
    pieces.authority = rest.substr(0, authority_end);
    if (pieces.authority.empty() || pieces.authority.find('@') != std::string_view::npos)
        throw auth_error("sigv4: \"" + shown + "\" must have a host and no user info");
    rest =
        authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
    const auto question = rest.find('?');
    pieces.path = rest.substr(0, question);
    if (question != std::string_view::npos)
        pieces.query = rest.substr(question + 1);
    return pieces;
}

std::string host_header(const url_pieces& url) {
    std::string authority = to_lower(url.authority);
    const auto bracket = authority.rfind(']'); // IPv6 literal: its colons are not a port
    const auto colon = authority.rfind(':');
    if (colon == std::string::npos || (bracket != std::string::npos && colon < bracket))
        return authority;
    const auto port = std::string_view(authority).substr(colon + 1);
    const bool https = iequals(url.scheme, "https");
    if (port.empty() || port == (https ? "443" : "80"))
        authority.erase(colon);
    return authority;
}

std::string uri_encode(std::string_view text, bool keep_slash) {
    return percent_encode(text, keep_slash);
}

std::string canonical_uri(std::string_view path, bool s3) {
    if (!s3)
        return uri_encode(normalize_path(path), true);
    if (path.empty())
        return "/";
    std::string out;
    const auto segments = split(path, '/');
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0)
            out.push_back('/');
        out += uri_encode(percent_decode(segments[i]), false);
    }
    return out;
}

std::string canonical_query(std::string_view query) {
    if (query.empty())
        return {};
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto pair : split(query, '&')) {
        if (pair.empty())
            continue;
        const auto equals = pair.find('=');
        const auto name = pair.substr(0, equals);
        const auto value =
            equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
        pairs.emplace_back(uri_encode(percent_decode(name), false),
                           uri_encode(percent_decode(value), false));
    }
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [name, value] : pairs) {
        if (!out.empty())
            out.push_back('&');
        out.append(name).append("=").append(value);
    }
    return out;
}

} // namespace cloudsync::auth::aws::detail
