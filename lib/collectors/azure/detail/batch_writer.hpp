// Records to a sink in batches of a fixed size, so a collector's memory stays
// bounded by one batch whatever the size of the account. Nothing else.
#pragma once

#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>
#include <vector>

namespace cloudsync::collectors::azure::detail {

// Not thread-safe (one collector, one sink). A batch never spans scopes: call
// flush() before the scope ends. Lifetime: lives in the coroutine frame of the
// reader that owns it; add() and flush() must be awaited before it is destroyed.
class batch_writer {
public:
    batch_writer(std::shared_ptr<inventory::record_sink> sink, std::size_t batch_size);

    // Queues rec; writes the batch when it is full. Throws what the sink throws.
    boost::asio::awaitable<void> add(inventory::record rec);
    // Writes what is queued (nothing when empty).
    boost::asio::awaitable<void> flush();

    std::size_t written() const noexcept { return written_; }

private:
    std::shared_ptr<inventory::record_sink> sink_;
    std::size_t batch_size_;
    std::vector<inventory::record> batch_;
    std::size_t written_ = 0;
};

} // namespace cloudsync::collectors::azure::detail
