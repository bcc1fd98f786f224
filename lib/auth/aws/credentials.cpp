#include "auth/aws/credentials.hpp"

#include "auth/error.hpp"

namespace cloudsync::auth::aws {

static_credentials::static_credentials(aws_credentials credentials)
    : credentials_(std::move(credentials)) {
    if (credentials_.access_key_id.empty() || credentials_.secret_access_key.empty())
        throw auth_error(
            "aws static credentials: access key id and secret access key are required");
}

boost::asio::awaitable<aws_credentials> static_credentials::get() {
    co_return credentials_;
}

} // namespace cloudsync::auth::aws
