#include "http/detail/slots.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <utility>

namespace cloudsync::http::detail {

namespace asio = boost::asio;

slot& slot::operator=(slot&& other) noexcept {
    if (this != &other) {
        release();
        owner_ = other.owner_;
        other.owner_ = nullptr;
    }
    return *this;
}

void slot::release() noexcept {
    if (owner_ != nullptr)
        std::exchange(owner_, nullptr)->release();
}

void slots::release() noexcept {
    if (waiters_.empty()) {
        --in_use_;
        return;
    }
    waiter* next = waiters_.front(); // the slot passes on: in_use_ stays
    waiters_.pop_front();
    next->granted = true;
    next->wake.cancel();
}

asio::awaitable<slot> slots::acquire() {
    if (in_use_ < capacity_ && waiters_.empty()) {
        ++in_use_;
        co_return slot(this);
    }
    waiter self(co_await asio::this_coro::executor);
    const auto place = waiters_.insert(waiters_.end(), &self);
    // Leaves the queue however this frame ends (cancelled, or destroyed unresumed
    // with its io_context), so release() never wakes a dead waiter.
    struct dequeue {
        slots* owner;
        waiter* self;
        std::list<waiter*>::iterator place;
        ~dequeue() {
            if (!self->granted)
                owner->waiters_.erase(place);
        }
    } guard{this, &self, place};
    co_await self.wake.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!self.granted)
        throw boost::system::system_error(asio::error::operation_aborted);
    co_return slot(this);
}

} // namespace cloudsync::http::detail
