#include "collectors/common/url.hpp"

#include "core/text.hpp"

#include <boost/url/parse.hpp>

namespace cloudsync::collectors::common {

std::string origin_of(std::string_view url) {
    const auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || !parsed->has_authority() || parsed->host().empty())
        return {};
    const std::string scheme = to_lower(parsed->scheme());
    if (scheme != "https" && scheme != "http")
        return {};
    const std::string host = to_lower(parsed->encoded_host());
    const std::string port =
        parsed->has_port() ? std::string(parsed->port()) : (scheme == "https" ? "443" : "80");
    return scheme + "://" + host + ":" + port;
}

std::string url_path(std::string_view url) {
    auto rest = url;
    if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
        rest.remove_prefix(scheme + 3);
        const auto slash = rest.find('/');
        rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
    }
    return std::string(rest.substr(0, rest.find_first_of("?#")));
}

std::string last_segment(std::string_view id) {
    const auto slash = id.find_last_of('/');
    return std::string(slash == std::string_view::npos ? id : id.substr(slash + 1));
}

} // namespace cloudsync::collectors::common
