#include "store/detail/worker.hpp"

#include <vector>

namespace cloudsync::store::detail {

worker::worker(std::size_t depth) : depth_(depth == 0 ? 1 : depth) {
    thread_ = std::thread([this] { loop(); });
}

worker::~worker() {
    stop();
}

void worker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void worker::submit(job j, resume_fn accepted) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= depth_ || !parked_.empty()) {
            parked_.push_back({std::move(j), std::move(accepted)});
            return;
        }
        queue_.push_back(std::move(j));
    }
    ready_.notify_one();
    if (accepted)
        accepted(nullptr);
}

void worker::force(job j) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(j));
    }
    ready_.notify_one();
}

void worker::when_drained(job j) {
    std::lock_guard lock(mutex_);
    drained_ = std::move(j);
}

void worker::loop() {
    for (;;) {
        job next;
        std::vector<resume_fn> accepted;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return !queue_.empty() || !parked_.empty() || stopping_; });
            // Admit parked jobs as room frees up: the queue never exceeds depth_.
            while (!parked_.empty() && (queue_.size() < depth_ || queue_.empty())) {
                queue_.push_back(std::move(parked_.front().work));
                if (parked_.front().accepted)
                    accepted.push_back(std::move(parked_.front().accepted));
                parked_.pop_front();
            }
            if (queue_.empty())
                return; // stopping and drained
            next = std::move(queue_.front());
            queue_.pop_front();
        }
        for (auto& resume : accepted)
            resume(nullptr);
        try {
            next();
        } catch (...) {
            // Jobs report their own failures (worker::call); nothing may kill the thread.
        }
        job drained;
        {
            std::lock_guard lock(mutex_);
            if (queue_.empty() && parked_.empty()) {
                drained = std::move(drained_);
                drained_ = nullptr;
            }
        }
        if (drained) {
            try {
                drained();
            } catch (...) {
            }
        }
    }
}

} // namespace cloudsync::store::detail
