#include "store/detail/side_copy.hpp"

#include <utility>

namespace cloudsync::store::detail {
namespace {

// About two batches of a first load's COPY text: the stream has the next batch
// while it sends one, and the queue adds little to the daemon's peak memory
// (8 MB took a first load's peak RSS from ~180 to 188-196 MiB; target 200).
constexpr std::size_t max_queued_bytes = 4u << 20;

} // namespace

side_copy::side_copy(session& db) : db_(db), thread_([this] { loop(); }) {}

side_copy::~side_copy() {
    {
        std::lock_guard lock(mutex_);
        queue_.clear();
        queued_bytes_ = 0;
        end_ = true;
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
    copy_.reset();
    db_.reset();
}

bool side_copy::has_room() const {
    std::lock_guard lock(mutex_);
    return queued_bytes_ < max_queued_bytes;
}

void side_copy::write(const std::string& table, const std::vector<std::string>& columns,
                      std::string lines) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queued_bytes_ < max_queued_bytes; });
    queued_bytes_ += lines.size();
    queue_.push_back({table, columns, std::move(lines)});
    lock.unlock();
    changed_.notify_all();
}

void side_copy::complete() {
    std::unique_lock lock(mutex_);
    end_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return queue_.empty() && !busy_ && !end_; });
    if (auto error = std::exchange(error_, nullptr))
        std::rethrow_exception(error);
}

void side_copy::discard() noexcept {
    std::unique_lock lock(mutex_);
    queue_.clear();
    queued_bytes_ = 0;
    end_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !busy_ && !end_; });
    error_ = nullptr;
}

void side_copy::end_open() noexcept {
    if (!copy_)
        return;
    auto stream = std::move(copy_);
    try {
        stream->complete();
    } catch (...) {
        std::lock_guard lock(mutex_);
        if (!error_)
            error_ = std::current_exception();
        stream.reset();
        db_.reset(); // the connection may be unusable; the next COPY opens another
    }
}

void side_copy::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [&] { return stop_ || end_ || !queue_.empty(); });
        if (!queue_.empty()) {
            auto next = std::move(queue_.front());
            queue_.pop_front();
            queued_bytes_ -= next.lines.size();
            const bool failed = error_ != nullptr;
            busy_ = true;
            lock.unlock();
            changed_.notify_all(); // room for the next write
            if (!failed) {
                try {
                    if (copy_ && copy_table_ != next.table)
                        end_open();
                    if (!copy_) {
                        copy_ = std::make_unique<copy_stream>(db_.get(), next.table, next.columns);
                        copy_table_ = next.table;
                    }
                    copy_->write(next.lines);
                    if (copy_->age() >= max_copy_age)
                        end_open();
                } catch (...) {
                    copy_.reset();
                    db_.reset();
                    std::lock_guard guard(mutex_);
                    if (!error_)
                        error_ = std::current_exception();
                }
            }
            lock.lock();
            busy_ = false;
            changed_.notify_all();
            continue;
        }
        if (end_) {
            busy_ = true;
            lock.unlock();
            end_open();
            lock.lock();
            busy_ = false;
            end_ = false;
            changed_.notify_all();
            continue;
        }
        if (stop_)
            return;
    }
}

} // namespace cloudsync::store::detail
