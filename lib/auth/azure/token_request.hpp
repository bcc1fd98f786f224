// The form body of the Microsoft identity platform's OAuth 2.0 client-credentials
// grant (v2.0) with a client secret. Pure; the answer is parsed by the
// provider-neutral oauth_token.hpp. The credential that sends it is
// client_secret_credential; the certificate variant's body is in client_assertion.hpp.
#pragma once

#include "core/secret.hpp"

#include <string>
#include <string_view>

namespace cloudsync::auth::azure {

// `client_id=..&scope=..&client_secret=..&grant_type=client_credentials`, every value encoded.
std::string client_credentials_form(std::string_view client_id, std::string_view scope,
                                    const secret& client_secret);

} // namespace cloudsync::auth::azure
