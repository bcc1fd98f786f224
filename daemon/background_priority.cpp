#include "background_priority.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <latch>
#include <memory>

namespace cloudsync::daemon {

void lower_this_thread(int steps) noexcept {
    const auto self = static_cast<id_t>(gettid());
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, self);
    if (errno != 0 || setpriority(PRIO_PROCESS, self, current + steps) != 0)
        spdlog::debug("cannot lower the priority of a sync thread: {}", std::strerror(errno));
}

void lower_sync_priority(boost::asio::thread_pool& pool, std::size_t threads, int steps) noexcept {
    lower_this_thread(steps);
    try {
        auto all_arrived = std::make_shared<std::latch>(static_cast<std::ptrdiff_t>(threads));
        for (std::size_t i = 0; i < threads; ++i)
            boost::asio::post(pool, [all_arrived, steps] {
                lower_this_thread(steps);
                all_arrived->arrive_and_wait(); // held until each thread has taken one
            });
    } catch (const std::exception& e) {
        spdlog::debug("parse pool: priority left as it is: {}", e.what());
    }
}

} // namespace cloudsync::daemon
