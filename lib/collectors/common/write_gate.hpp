// One write at a time to a sink, from several coroutines of one scope: the
// sink's contract (inventory/run.hpp) allows one write in flight, while a
// collector overlaps several lists that each have something to write. A
// coroutine that finds a write in flight waits for it to end. The batch
// writer and the metrics collectors' sample writes go through one. Nothing
// else (no batching).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <optional>

namespace cloudsync::collectors::common {

// Thread safety: one executor. Lifetime: outlives every run() awaited on it.
class write_gate {
public:
    // Waits until no write is in flight, then awaits write() as the one in
    // flight. Throws what write() throws, and operation_aborted when the
    // caller is cancelled while it waits.
    boost::asio::awaitable<void> run(std::function<boost::asio::awaitable<void>()> write);
    // Waits until no write is in flight (nothing is started).
    boost::asio::awaitable<void> wait_idle();

private:
    bool writing_ = false;
    std::uint64_t wakeups_ = 0;
    std::optional<boost::asio::steady_timer>
        idle_; // waiters of an in-flight write; cancelled when it ends
};

} // namespace cloudsync::collectors::common
