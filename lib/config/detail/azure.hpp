// Private to lib/config: the accounts[].azure block — ids, exactly one
// authentication method (client_secret, client_certificate, managed_identity),
// subscriptions and endpoints. Called by accounts.cpp.
#pragma once

#include "config/detail/reader.hpp"

namespace cloudsync::config::detail {

azure_account read_azure(const value& v);

} // namespace cloudsync::config::detail
