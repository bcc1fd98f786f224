// The exception cloudsim throws for bad options or control requests (invalid
// shares, zero sizes, malformed fault specs). Wire-level problems from clients
// are never exceptions: they become the cloud's own error responses.
#pragma once

#include "core/error.hpp"

namespace cloudsync::cloudsim {

class cloudsim_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

} // namespace cloudsync::cloudsim
