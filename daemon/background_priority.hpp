// Sync work as background work for the kernel's scheduler.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include <cstddef>

namespace cloudsync::daemon {

// How many nice steps the sync's threads sit below the API thread.
inline constexpr int sync_nice_steps = 5;

// A large sync keeps every core busy; the API thread answers /healthz and
// /status and must not queue behind it. Linux keeps a nice value per thread and
// lets a thread raise its own without privilege (never lower it again), so the
// API thread is started first, at the process's priority, and then the
// calling thread (the collection loop's) and each of the pool's `threads`
// threads raise theirs by `steps`. Threads started later by a lowered thread
// inherit its value. Returns at once; the pool's threads meet at a latch so
// that each of them takes exactly one adjustment. Failures are logged and
// ignored: priority is an optimisation.
void lower_sync_priority(boost::asio::thread_pool& pool, std::size_t threads, int steps) noexcept;

// The calling thread's part of it, for the threads the store runs syncs on
// (store::options::run_thread_setup): they format and send the staged rows.
void lower_this_thread(int steps) noexcept;

} // namespace cloudsync::daemon
