#include "scheduler/detail/scope_recorder.hpp"

namespace cloudsync::scheduler::detail {

namespace asio = boost::asio;

namespace {

// Wraps the target's scope. The ledger entry is made before the target is
// told, so a failure is recorded even when telling the store throws (the run
// then fails as a whole anyway).
class recorded_scope final : public inventory::scope_sink {
public:
    recorded_scope(std::unique_ptr<inventory::scope_sink> inner, std::string name,
                   std::shared_ptr<scope_ledger> ledger)
        : inner_(std::move(inner)), name_(std::move(name)), ledger_(std::move(ledger)) {}
    ~recorded_scope() override {
        if (!ended_)
            ledger_->failed.emplace_back(name_, "abandoned");
    }
    recorded_scope(const recorded_scope&) = delete;
    recorded_scope& operator=(const recorded_scope&) = delete;

    asio::awaitable<void> write(std::vector<inventory::record> batch) override {
        co_await inner_->write(std::move(batch));
    }
    std::shared_ptr<const inventory::content_check> checker(inventory::table of) override {
        return inner_->checker(of);
    }
    asio::awaitable<void> write_unchanged(inventory::table of,
                                          std::vector<inventory::content_key> keys) override {
        co_await inner_->write_unchanged(of, std::move(keys));
    }
    asio::awaitable<void> write_samples(std::vector<inventory::metric_sample> batch) override {
        co_await inner_->write_samples(std::move(batch));
    }
    asio::awaitable<void> complete() override {
        ended_ = true;
        co_await inner_->complete();
    }
    asio::awaitable<void> complete_empty(std::string reason) override {
        ended_ = true;
        co_await inner_->complete_empty(std::move(reason));
    }
    asio::awaitable<void> fail(std::string error) override {
        ended_ = true;
        ledger_->failed.emplace_back(name_, error);
        co_await inner_->fail(std::move(error));
    }

private:
    std::unique_ptr<inventory::scope_sink> inner_;
    std::string name_;
    std::shared_ptr<scope_ledger> ledger_;
    bool ended_ = false;
};

} // namespace

asio::awaitable<std::unique_ptr<inventory::scope_sink>>
scope_recorder::open_scope(std::string scope) {
    auto inner = co_await target_->open_scope(scope);
    ledger_->begun.insert(scope);
    co_return std::make_unique<recorded_scope>(std::move(inner), std::move(scope), ledger_);
}

} // namespace cloudsync::scheduler::detail
