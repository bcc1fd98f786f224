#include "collectors/azure/detail/origin.hpp"

#include "core/text.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>

namespace cloudsync::collectors::azure::detail {

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

} // namespace cloudsync::collectors::azure::detail
