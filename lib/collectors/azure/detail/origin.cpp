#include "collectors/azure/detail/origin.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>

namespace cloudsync::collectors::azure::detail {

std::string origin_of(std::string_view url) {
    const auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || !parsed->has_authority() || parsed->host().empty())
        return {};
    std::string scheme(parsed->scheme());
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (scheme != "https" && scheme != "http")
        return {};
    std::string host(parsed->encoded_host());
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string port =
        parsed->has_port() ? std::string(parsed->port()) : (scheme == "https" ? "443" : "80");
    return scheme + "://" + host + ":" + port;
}

} // namespace cloudsync::collectors::azure::detail
