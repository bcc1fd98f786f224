// Ending work: stop() cancels every in-flight job and the loop, cancel() is
// how one job is cancelled (replan removal, stop), and shutdown() waits for
// all of it to end, up to a deadline. Never io_context::stop() on live work.
#include "scheduler/scheduler.hpp"

#include "scheduler/detail/job.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace cloudsync::scheduler {

namespace asio = boost::asio;

void scheduler::cancel(const handle_ptr& handle) {
    asio::post(handle->strand, [handle] {
        handle->cancel_requested = true;
        handle->cancel_signal.emit(asio::cancellation_type::terminal);
    });
}

void scheduler::stop() {
    std::vector<handle_ptr> doomed;
    {
        std::lock_guard lock(mutex_);
        if (stopping_.exchange(true))
            return;
        for (const auto& [key, handle] : in_flight_)
            doomed.push_back(handle);
    }
    spdlog::info("scheduler stopping: cancelling {} runs", doomed.size());
    for (const auto& handle : doomed)
        cancel(handle);
    wake();
    asio::post(strand_, [self = shared_from_this()] { self->notify_change(); });
}

asio::awaitable<bool> scheduler::shutdown(clock::steady_time deadline) {
    stop();
    const auto self = shared_from_this();
    const bool ended =
        co_await asio::co_spawn(strand_, shutdown_on_strand(deadline), asio::use_awaitable);
    co_return ended;
}

asio::awaitable<bool> scheduler::shutdown_on_strand(clock::steady_time deadline) {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (in_flight_.empty() && !loop_running_)
                co_return true;
        }
        if (options_.time->steady() >= deadline)
            co_return false;
        co_await wait_change(deadline);
    }
}

} // namespace cloudsync::scheduler
