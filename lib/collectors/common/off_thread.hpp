// Running CPU work (page parsing, record building) on the parse executor and
// resuming on the caller's: the network/API thread only moves bytes. What runs
// there must touch nothing of the caller's executor (no http client, authorizer
// or sink): it takes its inputs by value and returns its result.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <type_traits>
#include <utility>

namespace cloudsync::collectors::common {

// Calls work() on `on` (inline when `on` is empty) and returns its result on the
// awaiting coroutine's executor; rethrows what work() threw. The result type
// must be default-constructible and movable.
// Not cancellable: work() runs to its end and the caller waits for it (a page
// takes milliseconds). co_spawn would otherwise connect the caller's
// cancellation slot to the work's, and a cancellation emitted on the caller's
// thread (a sibling list failing) would then reach into the work's state on
// the pool's thread, or after the work had finished and freed it: the daemon
// crashed there about once in ten failed runs.
template <class Work>
boost::asio::awaitable<std::invoke_result_t<Work&>> off_thread(boost::asio::any_io_executor on,
                                                               Work work) {
    using result = std::invoke_result_t<Work&>;
    if (!on)
        co_return work();
    co_return co_await boost::asio::co_spawn(
        on,
        [w = std::move(work)]() mutable -> boost::asio::awaitable<result> { co_return w(); },
        boost::asio::bind_cancellation_slot(boost::asio::cancellation_slot(),
                                            boost::asio::use_awaitable));
}

} // namespace cloudsync::collectors::common
