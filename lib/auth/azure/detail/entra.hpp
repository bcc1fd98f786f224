// Private to lib/auth/azure: the checks and URL shared by the credentials that
// call the Microsoft Entra ID token endpoint (client secret, client certificate).
#pragma once

#include <string>
#include <string_view>

namespace cloudsync::auth::azure::detail {

// The tenant lands in the URL path: accept only what a GUID or a domain name holds.
bool valid_tenant(std::string_view tenant) noexcept;

std::string strip_trailing_slashes(std::string text);

// `{login}/{tenant}/oauth2/v2.0/token`. Throws auth_error when login is empty or
// the tenant is not a GUID or domain name.
std::string entra_token_url(std::string login_endpoint, const std::string& tenant_id);

} // namespace cloudsync::auth::azure::detail
