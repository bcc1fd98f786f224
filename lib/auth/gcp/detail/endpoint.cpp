#include "auth/gcp/detail/endpoint.hpp"

#include "auth/error.hpp"
#include "core/text.hpp"

#include <boost/url/parse.hpp>

namespace cloudsync::auth::gcp::detail {

namespace {

constexpr std::string_view metadata_host = "metadata.google.internal";
constexpr std::string_view metadata_address = "169.254.169.254";

[[noreturn]] void fail(std::string_view what, const std::string& problem) {
    throw auth_error(std::string(what) + ": " + problem);
}

bool loopback(const boost::urls::url_view& url) {
    switch (url.host_type()) {
    case boost::urls::host_type::ipv4:
        return url.host_ipv4_address().is_loopback();
    case boost::urls::host_type::ipv6:
        return url.host_ipv6_address().is_loopback();
    case boost::urls::host_type::name:
        return iequals(url.encoded_host(), "localhost");
    default:
        return false;
    }
}

boost::urls::url_view parsed(std::string_view text, std::string_view what) {
    const auto url = boost::urls::parse_absolute_uri(text);
    if (!url)
        fail(what, "\"" + std::string(text) + "\" is not an absolute URL");
    if (url->has_userinfo() || url->has_fragment() || url->encoded_host().empty())
        fail(what, "\"" + std::string(text) + "\" must have a host and no user info or fragment");
    if (!iequals(url->scheme(), "https") && !iequals(url->scheme(), "http"))
        fail(what, "\"" + std::string(text) + "\" is neither https nor http");
    return *url;
}

} // namespace

std::string checked_token_url(std::string_view text, std::string_view what) {
    const auto url = parsed(text, what);
    if (iequals(url.scheme(), "http") && !loopback(url))
        fail(what, "\"" + std::string(text) +
                       "\": plain http is only allowed for a loopback host; use https");
    return std::string(text);
}

metadata_base checked_metadata_base(std::string_view text, std::string_view what) {
    while (!text.empty() && text.back() == '/')
        text.remove_suffix(1);
    const auto url = parsed(text, what);
    if (!url.encoded_path().empty() || url.has_query())
        fail(what, "\"" + std::string(text) + "\" must be a base URL without path or query");
    const bool https = iequals(url.scheme(), "https");
    const bool named = iequals(url.encoded_host(), metadata_host);
    const bool address = url.encoded_host() == metadata_address;
    if (!https && !loopback(url) && !((named || address) && !url.has_port()))
        fail(what, "\"" + std::string(text) + "\": plain http is only allowed for " +
                       std::string(metadata_host) + ", " + std::string(metadata_address) +
                       " or a loopback host");
    if (!https && (named || address))
        return {"http://" + std::string(metadata_address), true};
    return {std::string(text), false};
}

} // namespace cloudsync::auth::gcp::detail
