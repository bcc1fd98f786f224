// One store thread and its bounded job queue, and the bridge from coroutines to
// it: enqueue() completes once a job is queued (suspending while the queue is
// full: backpressure), call() completes with the job's result. Completions run
// on the awaiting coroutine's executor, which is kept busy (outstanding work)
// while a job is pending, so its io_context does not run out of work.
// Not here: what the jobs do (run_state, tenants, ...).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

namespace cloudsync::store::detail {

// A completion that can be called once from any thread: it posts the stored
// handler to its executor. Copyable (std::function needs that).
using resume_fn = std::function<void(std::exception_ptr)>;

template <typename Handler> resume_fn make_resume(Handler handler) {
    auto ex = boost::asio::get_associated_executor(handler);
    auto tracked = boost::asio::prefer(ex, boost::asio::execution::outstanding_work.tracked);
    auto shared = std::make_shared<Handler>(std::move(handler));
    return [shared, tracked](std::exception_ptr error) {
        boost::asio::post(tracked, [shared, error]() mutable { std::move (*shared)(error); });
    };
}

class worker {
public:
    using job = std::function<void()>;

    explicit worker(std::size_t depth);
    // Runs what is queued, then joins (stop()).
    ~worker();
    worker(const worker&) = delete;
    worker& operator=(const worker&) = delete;

    // Completes once `j` is queued; suspends while `depth` jobs are waiting.
    // Call as: auto op = w.enqueue(std::move(job)); co_await std::move(op);
    // (Not a coroutine itself: the job moves straight into the initiation.)
    boost::asio::awaitable<void> enqueue(job j) {
        return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>,
                                           void(std::exception_ptr)>(
            [this, j = std::move(j)](auto handler) mutable {
                submit(std::move(j), make_resume(std::move(handler)));
            },
            boost::asio::use_awaitable);
    }

    // Runs `j` on this thread as soon as nothing is queued or parked: after the
    // current job when it is the last, else once the queue drains. One is kept:
    // a newer replaces an older. For work that may wait while more is coming
    // but not once nothing is (a COPY left open across writes). Thread-safe.
    void when_drained(job j);

    // Runs fn on this thread; returns its result or rethrows its exception.
    template <typename F> auto call(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
        using result_t = std::invoke_result_t<F&>;
        // g++ 12 destroys a lambda temporary that appears inside a co_await
        // full-expression twice (its captures are released twice: seen as
        // use-after-free under ASan). So: build lambdas and operations as
        // named locals, then `co_await std::move(op)`. Callers do the same.
        if constexpr (std::is_void_v<result_t>) {
            job body = [fn = std::move(fn)]() mutable { fn(); };
            auto op = start_call(std::move(body));
            co_await std::move(op);
        } else {
            auto value = std::make_shared<std::optional<result_t>>();
            job body = [fn = std::move(fn), value]() mutable { value->emplace(fn()); };
            auto op = start_call(std::move(body));
            co_await std::move(op);
            co_return std::move(**value);
        }
    }

    // Queues without waiting, beyond the bound if need be (destructors).
    void force(job j);
    // Runs what is queued (parked jobs included), then joins the thread.
    // Idempotent. Jobs queued afterwards never run (their callers must not
    // exist any more: see database.hpp's lifetime note).
    void stop();
    std::size_t depth() const noexcept { return depth_; }

private:
    boost::asio::awaitable<void> start_call(job body) {
        return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>,
                                           void(std::exception_ptr)>(
            [this, body = std::move(body)](auto handler) mutable {
                auto resume = make_resume(std::move(handler));
                job wrapped = [body = std::move(body), resume]() mutable {
                    std::exception_ptr error;
                    try {
                        body();
                    } catch (...) {
                        error = std::current_exception();
                    }
                    resume(error);
                };
                submit(std::move(wrapped), nullptr);
            },
            boost::asio::use_awaitable);
    }

    // Queues `j` when there is room (then calls accepted), else parks it.
    void submit(job j, resume_fn accepted);
    void loop();

    struct parked {
        job work;
        resume_fn accepted;
    };

    std::size_t depth_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<job> queue_;
    std::deque<parked> parked_;
    job drained_; // when_drained's
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace cloudsync::store::detail
