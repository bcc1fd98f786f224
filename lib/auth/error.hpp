// The one exception of the auth module: credentials could not be obtained or are
// misconfigured. Its message names the endpoint and the identity provider's error
// code and first line of description; it never contains a secret or a token.
#pragma once

#include "core/error.hpp"

namespace cloudsync::auth {

class auth_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

} // namespace cloudsync::auth
