#include "auth/azure/detail/entra.hpp"

#include "auth/error.hpp"

#include <algorithm>
#include <cctype>

namespace cloudsync::auth::azure::detail {

bool valid_tenant(std::string_view tenant) noexcept {
    return !tenant.empty() && std::all_of(tenant.begin(), tenant.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    });
}

std::string strip_trailing_slashes(std::string text) {
    while (!text.empty() && text.back() == '/')
        text.pop_back();
    return text;
}

std::string entra_token_url(std::string login_endpoint, const std::string& tenant_id) {
    if (!valid_tenant(tenant_id))
        throw auth_error("azure credential: tenant_id must be a GUID or a domain name");
    const auto login = strip_trailing_slashes(std::move(login_endpoint));
    if (login.empty())
        throw auth_error("azure credential: login endpoint is empty");
    return login + "/" + tenant_id + "/oauth2/v2.0/token";
}

} // namespace cloudsync::auth::azure::detail
