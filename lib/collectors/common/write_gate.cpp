#include "collectors/common/write_gate.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

namespace cloudsync::collectors::common {

namespace asio = boost::asio;

asio::awaitable<void> write_gate::wait_idle() {
    while (writing_) {
        const auto seen = wakeups_;
        if (!idle_) // never expires: only cancel() (a write ending) wakes its waiters
            idle_.emplace(co_await asio::this_coro::executor,
                          asio::steady_timer::time_point::max());
        auto [ec] = co_await idle_->async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec == asio::error::operation_aborted && wakeups_ == seen)
            throw boost::system::system_error(ec); // cancelled, not woken
    }
}

asio::awaitable<void> write_gate::run(std::function<asio::awaitable<void>()> write) {
    co_await wait_idle();
    writing_ = true;
    struct wake_on_exit {
        write_gate& gate;
        ~wake_on_exit() {
            gate.writing_ = false;
            ++gate.wakeups_;
            if (gate.idle_)
                gate.idle_->cancel();
        }
    } wake{*this};
    co_await write();
}

} // namespace cloudsync::collectors::common
