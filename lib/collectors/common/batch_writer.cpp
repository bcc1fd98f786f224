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

asio::awaitable<void> batch_writer::add_unchanged(inventory::table of,
                                                  std::vector<inventory::content_key> keys) {
    co_await gate_.wait_idle();
    if (!unchanged_.empty() && of != unchanged_table_)
        co_await flush();
    unchanged_table_ = of;
    unchanged_.insert(unchanged_.end(), keys.begin(), keys.end());
    // Keys are small: a batch of them is as many as a few batches of records.
    if (unchanged_.size() >= 8 * batch_size_)
        co_await flush();
}

asio::awaitable<void> batch_writer::flush() {
    co_await gate_.wait_idle();
    if (!unchanged_.empty()) {
        std::vector<inventory::content_key> keys;
        keys.swap(unchanged_);
        unchanged_written_ += keys.size();
        co_await gate_.run([this, of = unchanged_table_, keys = std::move(keys)]() mutable {
            return out_.write_unchanged(of, std::move(keys));
        });
        co_await gate_.wait_idle();
    }
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
