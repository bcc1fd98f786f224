// Base of every purpose-built exception in cloudsync. Modules derive their own
// (config_error, http::transport_error, store::store_error ...) so a task boundary
// can catch cloudsync::error and log a message that is safe to show: no exception
// text may contain a secret.
#pragma once

#include <stdexcept>
#include <string>

namespace cloudsync {

class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace cloudsync
