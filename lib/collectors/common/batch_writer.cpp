#include "collectors/common/batch_writer.hpp"

namespace cloudsync::collectors::common {

namespace asio = boost::asio;

batch_writer::batch_writer(inventory::scope_sink& out, std::size_t batch_size)
    : out_(out), batch_size_(batch_size) {
    batch_.reserve(batch_size_);
}

asio::awaitable<void> batch_writer::add(inventory::record rec) {
    co_await gate_.wait_idle(); // a batch never grows while it is being written
    batch_.push_back(std::move(rec));
    if (batch_.size() >= batch_size_)
        co_await flush();
}

asio::awaitable<void> batch_writer::add_all(std::vector<inventory::record> records) {
    for (auto& rec : records)
        co_await add(std::move(rec));
}

asio::awaitable<void> batch_writer::flush() {
    co_await gate_.wait_idle();
    if (batch_.empty())
        co_return;
    std::vector<inventory::record> full;
    full.reserve(batch_size_);
    full.swap(batch_);
    written_ += full.size();
    co_await gate_.run(
        [this, full = std::move(full)]() mutable { return out_.write(std::move(full)); });
}

} // namespace cloudsync::collectors::common
