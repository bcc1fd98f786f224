#include "auth/aws/sigv4_authorizer.hpp"

#include "auth/error.hpp"
#include "core/text.hpp"

namespace cloudsync::auth::aws {

namespace {

// "AWS4-HMAC-SHA256 Credential=AKID/20150830/..." -> "AKID"; "" when absent.
std::string_view signing_key_id(const http::request& request) {
    constexpr std::string_view marker = "Credential=";
    for (const auto& [name, value] : request.headers) {
        if (!iequals(name, "authorization"))
            continue;
        const std::string_view text = value;
        const auto start = text.find(marker);
        if (start == std::string_view::npos)
            return {};
        const auto id = text.substr(start + marker.size());
        return id.substr(0, id.find('/'));
    }
    return {};
}

} // namespace

sigv4_authorizer::sigv4_authorizer(std::shared_ptr<credential_source> source, sigv4_scope scope,
                                   std::shared_ptr<const cloudsync::clock> clock)
    : source_(std::move(source)), scope_(std::move(scope)),
      clock_(clock ? std::move(clock) : std::make_shared<real_clock>()) {
    if (!source_)
        throw auth_error("sigv4 authorizer: no credential source");
    if (scope_.service.empty() || scope_.region.empty())
        throw auth_error("sigv4 authorizer: the signing scope lacks a service or region");
}

boost::asio::awaitable<http::request> sigv4_authorizer::authorize(http::request req) {
    const aws_credentials credentials = co_await source_->get();
    co_return sign(std::move(req), credentials, scope_, clock_->system()).request;
}

void sigv4_authorizer::invalidate() noexcept {
    source_->invalidate();
}

void sigv4_authorizer::invalidate(const http::request& rejected) noexcept {
    const auto id = signing_key_id(rejected);
    if (id.empty())
        source_->invalidate();
    else
        source_->invalidate(id);
}

} // namespace cloudsync::auth::aws
