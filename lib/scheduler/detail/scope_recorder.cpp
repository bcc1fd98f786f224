#include "scheduler/detail/scope_recorder.hpp"

namespace cloudsync::scheduler::detail {

namespace asio = boost::asio;

asio::awaitable<void> scope_recorder::write(std::vector<inventory::record> batch) {
    co_await target_->write(std::move(batch));
}

asio::awaitable<void> scope_recorder::write_samples(std::vector<inventory::metric_sample> batch) {
    co_await target_->write_samples(std::move(batch));
}

asio::awaitable<void> scope_recorder::begin_scope(std::string scope) {
    open_ = scope;
    ++begun_;
    co_await target_->begin_scope(std::move(scope));
}

asio::awaitable<void> scope_recorder::end_scope() {
    open_.clear();
    co_await target_->end_scope();
}

asio::awaitable<void> scope_recorder::fail_scope(std::string error) {
    failed_.emplace_back(std::exchange(open_, {}), error);
    co_await target_->fail_scope(std::move(error));
}

} // namespace cloudsync::scheduler::detail
