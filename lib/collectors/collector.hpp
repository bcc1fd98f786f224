// What every collector is to the scheduler: something that, given a sink, pages
// through one cloud API for one account and one collector kind and pushes
// normalized records into the sink. A collector knows neither SQL nor the
// scheduler; it sees no secret (auth::authorizer holds those).
//
// Failure contract: collect() throws (any cloudsync::error) when the inventory it
// delivered would be incomplete — a failed call, a malformed or truncated page —
// so the run is failed and nothing is deleted. Cancellation propagates as
// boost::system::system_error(operation_aborted).
#pragma once

#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>

namespace cloudsync::collectors {

class collector {
public:
    virtual ~collector() = default;
    virtual boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) = 0;
};

} // namespace cloudsync::collectors
