#include "collectors/common/batch_writer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

namespace cloudsync::collectors::common {

namespace asio = boost::asio;

batch_writer::batch_writer(inventory::scope_sink& out, std::size_t batch_size)
    : out_(out), batch_size_(batch_size) {
    batch_.reserve(batch_size_);
}

asio::awaitable<void> batch_writer::wait_idle() {
    while (writing_) {
        const auto seen = wakeups_;
        if (!idle_) // never expires: only cancel() (a write ending) wakes its waiters
            idle_.emplace(co_await asio::this_coro::executor, asio::steady_timer::time_point::max());
        auto [ec] = co_await idle_->async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec == asio::error::operation_aborted && wakeups_ == seen)
            throw boost::system::system_error(ec); // cancelled, not woken
    }
}

asio::awaitable<void> batch_writer::add(inventory::record rec) {
    co_await wait_idle(); // a batch never grows while it is being written
    batch_.push_back(std::move(rec));
    if (batch_.size() >= batch_size_)
        co_await flush();
}

asio::awaitable<void> batch_writer::add_all(std::vector<inventory::record> records) {
    for (auto& rec : records)
        co_await add(std::move(rec));
}

asio::awaitable<void> batch_writer::flush() {
    co_await wait_idle();
    if (batch_.empty())
        co_return;
    std::vector<inventory::record> full;
    full.reserve(batch_size_);
    full.swap(batch_);
    written_ += full.size();
    writing_ = true;
    struct wake_on_exit {
        batch_writer& w;
        ~wake_on_exit() {
            w.writing_ = false;
            ++w.wakeups_;
            if (w.idle_)
                w.idle_->cancel();
        }
    } wake{*this};
    co_await out_.write(std::move(full));
}

} // namespace cloudsync::collectors::common
