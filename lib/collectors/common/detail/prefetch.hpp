// A request started now and awaited later: the pager's way of fetching the next
// page while the current one is parsed and written. Private to the pager.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <exception>
#include <memory>
#include <optional>

namespace cloudsync::collectors::common::detail {

// Not thread-safe: started, awaited and destroyed on one executor. Destroying it
// before get() completes cancels the operation (it then ends on its own; the
// operation must own what it uses). get() may be called once.
template <class T> class prefetch {
public:
    prefetch(boost::asio::any_io_executor ex, boost::asio::awaitable<T> op)
        : state_(std::make_shared<state>(ex)) {
        boost::asio::co_spawn(
            ex, std::move(op),
            boost::asio::bind_cancellation_slot(state_->cancel.slot(),
                                                [s = state_](std::exception_ptr e, T value) {
                                                    if (e)
                                                        s->error = e;
                                                    else
                                                        s->value = std::move(value);
                                                    s->done = true;
                                                    s->ready.cancel();
                                                }));
    }
    prefetch(const prefetch&) = delete;
    prefetch& operator=(const prefetch&) = delete;
    ~prefetch() {
        if (!state_->done)
            state_->cancel.emit(boost::asio::cancellation_type::terminal);
    }

    // The operation's result, or what it threw. Throws operation_aborted when the
    // awaiting coroutine is cancelled first.
    boost::asio::awaitable<T> get() {
        while (!state_->done) {
            auto [ec] = co_await state_->ready.async_wait(
                boost::asio::as_tuple(boost::asio::use_awaitable));
            if (!state_->done && ec == boost::asio::error::operation_aborted)
                throw boost::system::system_error(boost::asio::error::operation_aborted);
        }
        if (state_->error)
            std::rethrow_exception(state_->error);
        co_return std::move(*state_->value);
    }

private:
    struct state {
        explicit state(boost::asio::any_io_executor ex)
            : ready(ex, boost::asio::steady_timer::time_point::max()) {}
        boost::asio::steady_timer ready;
        boost::asio::cancellation_signal cancel;
        std::optional<T> value;
        std::exception_ptr error;
        bool done = false;
    };
    std::shared_ptr<state> state_;
};

} // namespace cloudsync::collectors::common::detail
