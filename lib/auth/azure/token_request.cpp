#include "auth/azure/token_request.hpp"

#include "auth/oauth_token.hpp"

namespace cloudsync::auth::azure {

std::string client_credentials_form(std::string_view client_id, std::string_view scope,
                                    const secret& client_secret) {
    return form_body({{"client_id", client_id},
                      {"scope", scope},
                      {"client_secret", client_secret.reveal()},
                      {"grant_type", "client_credentials"}});
}

} // namespace cloudsync::auth::azure
