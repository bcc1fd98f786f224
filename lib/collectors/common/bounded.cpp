#include "collectors/common/bounded.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <exception>
#include <memory>
#include <vector>

namespace cloudsync::collectors::common {

namespace asio = boost::asio;

namespace {

struct bounded_state {
    bounded_state(asio::any_io_executor ex, std::size_t total, indexed_task t)
        : count(total), task(std::move(t)), all_stopped(ex, asio::steady_timer::time_point::max()) {}

    void cancel_all() {
        for (auto& signal : signals)
            signal->emit(asio::cancellation_type::terminal);
    }

    std::size_t count;
    std::size_t next = 0;
    std::size_t running = 0;
    indexed_task task;
    std::exception_ptr error; // the first one
    std::vector<std::unique_ptr<asio::cancellation_signal>> signals;
    asio::steady_timer all_stopped; // cancelled when running drops to 0
};

// One worker takes the next index until none is left or an error is recorded.
asio::awaitable<void> worker(std::shared_ptr<bounded_state> state) {
    while (!state->error && state->next < state->count) {
        const std::size_t index = state->next++;
        co_await state->task(index);
    }
}

} // namespace

asio::awaitable<void> run_bounded(std::size_t count, std::size_t limit, indexed_task task) {
    const std::size_t workers = std::min(count, std::max<std::size_t>(limit, 1));
    if (workers == 0)
        co_return;
    const auto ex = co_await asio::this_coro::executor;
    auto state = std::make_shared<bounded_state>(ex, count, std::move(task));
    for (std::size_t w = 0; w < workers; ++w)
        state->signals.push_back(std::make_unique<asio::cancellation_signal>());
    state->running = workers;
    for (std::size_t w = 0; w < workers; ++w) {
        asio::co_spawn(ex, worker(state),
                       asio::bind_cancellation_slot(
                           state->signals[w]->slot(), [state](std::exception_ptr e) {
                               if (e && !state->error) {
                                   state->error = e;
                                   state->cancel_all();
                               }
                               if (--state->running == 0)
                                   state->all_stopped.cancel();
                           }));
    }
    // The wait below must outlive a cancellation of the caller: the workers are
    // cancelled and awaited, never left running.
    co_await asio::this_coro::throw_if_cancelled(false);
    while (state->running > 0) {
        co_await state->all_stopped.async_wait(asio::as_tuple(asio::use_awaitable));
        if (state->running > 0) { // the caller was cancelled
            if (!state->error)
                state->error = std::make_exception_ptr(
                    boost::system::system_error(asio::error::operation_aborted));
            state->cancel_all();
            co_await asio::this_coro::reset_cancellation_state();
        }
    }
    co_await asio::this_coro::throw_if_cancelled(true);
    if (state->error)
        std::rethrow_exception(state->error);
}

} // namespace cloudsync::collectors::common
