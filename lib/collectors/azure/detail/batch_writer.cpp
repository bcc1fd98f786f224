#include "collectors/azure/detail/batch_writer.hpp"

namespace cloudsync::collectors::azure::detail {

batch_writer::batch_writer(std::shared_ptr<inventory::record_sink> sink, std::size_t batch_size)
    : sink_(std::move(sink)), batch_size_(batch_size) {
    batch_.reserve(batch_size_);
}

boost::asio::awaitable<void> batch_writer::add(inventory::record rec) {
    batch_.push_back(std::move(rec));
    if (batch_.size() >= batch_size_)
        co_await flush();
}

boost::asio::awaitable<void> batch_writer::flush() {
    if (batch_.empty())
        co_return;
    std::vector<inventory::record> full;
    full.reserve(batch_size_);
    full.swap(batch_);
    written_ += full.size();
    co_await sink_->write(std::move(full));
}

} // namespace cloudsync::collectors::azure::detail
