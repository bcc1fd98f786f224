// fuzz_url: URL text through every function that splits or checks one: the HTTP
// client's split_url (with and without the instance-metadata exception), the
// loopback rule, the collectors' origin_of / url_path / last_segment (nextLink
// and id handling), and the config's endpoint check and origin_without_region.
// Checked beyond the sanitizers: a URL split_url accepts has a host, a port
// from 1 to 65535 and a target starting with '/'; it is plain http only to a
// loopback host (or the metadata address when allowed); its redacted form
// holds no query.
#include "collectors/common/url.hpp"
#include "config/detail/endpoint.hpp"
#include "http/detail/url.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace cloudsync;

void check_split(std::string_view text, bool metadata) {
    const auto parts = http::detail::split_url(text, metadata);
    if (!parts)
        return;
    const auto port = std::stoul(parts->port);
    const bool loopback = http::detail::is_loopback_host(parts->host);
    const bool metadata_host = metadata && parts->host == "169.254.169.254" && port == 80;
    if (parts->host.empty() || port == 0 || port > 65535 || parts->target.empty() ||
        parts->target.front() != '/' || (!parts->tls && !loopback && !metadata_host) ||
        parts->redacted.find('?') != std::string::npos)
        std::abort();
    (void)parts->pool_key();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_split(text, false);
    check_split(text, true);
    (void)http::detail::is_loopback_host(text);
    (void)collectors::common::origin_of(text);
    (void)collectors::common::url_path(text);
    (void)collectors::common::last_segment(text);
    std::string problem;
    using config::detail::placeholder;
    using config::detail::plain_http;
    (void)config::detail::check_endpoint(text, placeholder::region, problem,
                                         plain_http::loopback_or_instance_metadata);
    (void)config::detail::check_endpoint(text, placeholder::none, problem);
    (void)config::detail::origin_without_region(text);
    return 0;
}
