// GCP credential of the VM (or GKE / Cloud Run workload) cloudsyncd runs on:
// the default service account's token from the metadata server,
// `GET {base}/computeMetadata/v1/instance/service-accounts/default/token` with
// the header `Metadata-Flavor: Google`. No secret is involved. The answer must
// carry `Metadata-Flavor: Google` too (what Google's libraries check to know
// they talk to the metadata server). The token is cached and shared as
// bearer_authorizer describes.
//
// Plain http: the metadata server is documented by Google at
// http://metadata.google.internal (and its fixed link-local address
// http://169.254.169.254); it speaks plain http by design and is reachable only
// from inside the VM, so no TLS is possible or needed. http::client allows
// plain http only to loopback, and to 169.254.169.254:80 as an IP literal when
// a request opts in (so no DNS answer can redirect a request that opted in);
// this credential therefore sends requests for metadata.google.internal to
// 169.254.169.254, the address Google documents for that name.
//
// Scopes: a VM's token carries the VM's access scopes, set when the VM was
// created; give the VM the cloud-platform scope (scopes.hpp) and control access
// with IAM roles.
#pragma once

#include "auth/bearer_authorizer.hpp"
#include "core/clock.hpp"
#include "http/client.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace cloudsync::auth::gcp {

inline constexpr std::string_view default_metadata_endpoint = "http://metadata.google.internal";
inline constexpr std::string_view metadata_token_path =
    "/computeMetadata/v1/instance/service-accounts/default/token";

struct metadata_server_options {
    // Scheme and host[:port], no path (a config-style endpoint value); http only
    // for metadata.google.internal, 169.254.169.254 or a loopback host.
    std::string endpoint = std::string(default_metadata_endpoint);
    std::shared_ptr<const cloudsync::clock> clock; // null: real_clock
};

// Construct with std::make_shared (see bearer_authorizer). The constructor
// throws auth_error when the endpoint is not acceptable (see above).
// Thread safety: one executor, the http::client's.
class metadata_server_credential final : public bearer_authorizer {
public:
    metadata_server_credential(std::shared_ptr<http::client> client,
                               metadata_server_options options);

    // The URL requests go to (169.254.169.254 for metadata.google.internal).
    const std::string& token_url() const noexcept { return token_url_; }

protected:
    boost::asio::awaitable<bearer_token> fetch() override;
    std::string describe() const override { return described_; }

private:
    std::shared_ptr<http::client> client_;
    std::string token_url_;
    std::string described_; // the endpoint as configured, with the path
    bool link_local_ = false;
};

} // namespace cloudsync::auth::gcp
