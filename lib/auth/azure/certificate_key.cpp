#include "auth/azure/certificate_key.hpp"

#include "auth/base64url.hpp"
#include "auth/error.hpp"

namespace cloudsync::auth::azure {

namespace {

const pem_context& azure_context() {
    static const pem_context context{
        "azure client certificate",
        " (expected the certificate and its private key in one file)",
        "Microsoft Entra ID client assertions are signed RS256"};
    return context;
}

} // namespace

// Member order fixes the order of the checks: certificate, then key, then the pair.
certificate_key::certificate_key(const secret& pem)
    : certificate_(pem.reveal(), azure_context()), key_(pem, azure_context()),
      x5t_s256_(base64url_encode(certificate_.sha256_thumbprint())) {
    if (!certificate_.matches(key_))
        throw auth_error(azure_context().origin +
                         ": the private key does not belong to the certificate");
}

} // namespace cloudsync::auth::azure
