// Running several coroutines of one collection at once, at most `limit` at a
// time, as one task: the first error cancels the others and is rethrown once
// all have stopped. The scope walk reads scopes with it; collectors use it for
// independent lists inside a scope (a storage account's containers ...).
// What is not here: which errors are fatal (the task decides by throwing).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>

namespace cloudsync::collectors::common {

using indexed_task = std::function<boost::asio::awaitable<void>(std::size_t index)>;

// Calls task(0) .. task(count - 1), at most `limit` (at least 1) running at a
// time, on the caller's executor. Returns when all returned. When one throws,
// no further task starts, the running ones are cancelled (terminal
// cancellation: they see operation_aborted) and, once all have stopped, the
// first exception is rethrown. When the caller is cancelled, the running tasks
// are cancelled, awaited, and operation_aborted is thrown. Nothing keeps
// running after the call completes. task is copied once and shared.
boost::asio::awaitable<void> run_bounded(std::size_t count, std::size_t limit, indexed_task task);

} // namespace cloudsync::collectors::common
