// The transitional adapter from record_sink::open_scope() to the sequential
// begin_scope / end_scope / fail_scope calls (run.hpp).
#include "inventory/run.hpp"

#include "core/error.hpp"

namespace cloudsync::inventory {

class sequential_scope final : public scope_sink {
public:
    explicit sequential_scope(record_sink& sink) : sink_(sink) {}
    ~sequential_scope() override {
        // Not awaited: the sequential sinks treat a scope left open as failed
        // when the run ends; here it only frees the slot.
        sink_.sequential_open_ = false;
    }

    boost::asio::awaitable<void> write(std::vector<record> batch) override {
        co_await sink_.write(std::move(batch));
    }
    boost::asio::awaitable<void> write_samples(std::vector<metric_sample> batch) override {
        co_await sink_.write_samples(std::move(batch));
    }
    boost::asio::awaitable<void> complete() override {
        sink_.sequential_open_ = false;
        co_await sink_.end_scope();
    }
    boost::asio::awaitable<void> fail(std::string error) override {
        sink_.sequential_open_ = false;
        co_await sink_.fail_scope(std::move(error));
    }

private:
    record_sink& sink_;
};

boost::asio::awaitable<std::unique_ptr<scope_sink>> record_sink::open_scope(std::string scope) {
    if (sequential_open_)
        throw cloudsync::error("this sink reads one scope at a time: scope '" + scope +
                               "' opened while another is open");
    co_await begin_scope(std::move(scope));
    sequential_open_ = true;
    co_return std::make_unique<sequential_scope>(*this);
}

} // namespace cloudsync::inventory
