// The store's exception: the database cannot do what was asked (unreachable,
// schema newer than this binary, a missing reader role, a failed run write).
// Messages are safe to log: they never contain the DSN's password.
#pragma once

#include "core/error.hpp"

namespace cloudsync::store {

class store_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

} // namespace cloudsync::store
