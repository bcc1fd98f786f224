#include "store/detail/store_run.hpp"

#include "store/detail/run_check.hpp"

#include "store/store_error.hpp"

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;
namespace {

class store_scope final : public inv::scope_sink {
public:
    store_scope(std::shared_ptr<run_link> link, std::string name)
        : link_(std::move(link)), name_(std::move(name)) {}

    ~store_scope() override {
        if (done_ || link_->ended)
            return;
        link_->db.runs[link_->slot]->work.force(
            [state = link_->state, name = name_] { state->fail_scope(name, "abandoned"); });
    }

    boost::asio::awaitable<void> write(std::vector<inv::record> batch) override {
        check_open();
        auto& work = link_->db.runs[link_->slot]->work;
        // The write may leave its COPY open for the next one; once nothing is
        // queued, it ends (run_state.hpp).
        worker::job job = [state = link_->state, name = name_, batch = std::move(batch), &work] {
            state->write(name, batch);
            work.when_drained([state] { state->end_copy(); });
        };
        co_await link_->enqueue(std::move(job));
    }

    std::shared_ptr<const inv::content_check> checker(inv::table of) override {
        check_open();
        return make_run_check(link_->state, of, name_);
    }

    boost::asio::awaitable<void> write_unchanged(inv::table of,
                                                 std::vector<inv::content_key> keys) override {
        check_open();
        worker::job job = [state = link_->state, name = name_, of, keys = std::move(keys)] {
            state->write_unchanged(name, of, keys);
        };
        co_await link_->enqueue(std::move(job));
    }

    boost::asio::awaitable<void> write_samples(std::vector<inv::metric_sample> batch) override {
        check_open();
        worker::job job = [state = link_->state, name = name_, batch = std::move(batch)] {
            state->write_samples(name, batch);
        };
        co_await link_->enqueue(std::move(job));
    }

    boost::asio::awaitable<void> complete() override {
        check_open();
        done_ = true;
        worker::job job = [state = link_->state, name = name_] { state->complete_scope(name); };
        co_await link_->enqueue(std::move(job));
    }

    boost::asio::awaitable<void> complete_empty(std::string reason) override {
        check_open();
        done_ = true;
        worker::job job = [state = link_->state, name = name_, reason = std::move(reason)] {
            state->complete_scope(name, reason);
        };
        co_await link_->enqueue(std::move(job));
    }

    boost::asio::awaitable<void> fail(std::string error) override {
        check_open();
        done_ = true;
        worker::job job = [state = link_->state, name = name_, error = std::move(error)] {
            state->fail_scope(name, error);
        };
        co_await link_->enqueue(std::move(job));
    }

private:
    void check_open() const {
        if (done_)
            throw store_error("run " + std::to_string(link_->id) + ": scope '" + name_ +
                              "' has already ended");
        link_->check_usable();
    }

    std::shared_ptr<run_link> link_;
    std::string name_;
    bool done_ = false;
};

} // namespace

void run_link::check_usable() const {
    if (ended)
        throw store_error("run " + std::to_string(id) + " has already ended");
    // Errors of earlier jobs surface here: the run cannot continue.
    if (state->failed())
        throw store_error(state->error());
}

boost::asio::awaitable<void> run_link::enqueue(worker::job job) {
    co_await db.runs[slot]->work.enqueue(std::move(job));
}

store_run::store_run(database::impl& db, std::size_t slot, std::shared_ptr<run_state> state)
    : link_(std::make_shared<run_link>(run_link{db, slot, state, state->id(), false, {}})) {}

store_run::~store_run() {
    if (link_->ended)
        return;
    link_->ended = true;
    link_->db.runs[link_->slot]->work.force(
        [state = link_->state, db = &link_->db, slot = link_->slot] {
            state->fail(inv::run_status::failed, "abandoned");
            db->release(slot);
        });
}

boost::asio::awaitable<std::unique_ptr<inv::scope_sink>> store_run::open_scope(std::string scope) {
    link_->check_usable();
    if (!link_->scopes.insert(scope).second)
        throw store_error("run " + std::to_string(link_->id) + ": scope '" + scope +
                          "' opened twice");
    worker::job job = [state = link_->state, scope] { state->open_scope(scope); };
    co_await link_->enqueue(std::move(job));
    co_return std::make_unique<store_scope>(link_, std::move(scope));
}

boost::asio::awaitable<inv::run_counts> store_run::commit() {
    if (link_->ended)
        throw store_error("run " + std::to_string(link_->id) + " has already ended");
    link_->ended = true;
    std::exception_ptr error;
    inv::run_counts counts;
    try {
        auto job = [state = link_->state] { return state->commit(); };
        counts = co_await link_->db.runs[link_->slot]->work.call(std::move(job));
    } catch (...) {
        error = std::current_exception();
    }
    link_->db.release(link_->slot);
    if (error)
        std::rethrow_exception(error);
    co_return counts;
}

boost::asio::awaitable<void> store_run::fail(inv::run_status status, std::string error) {
    if (link_->ended)
        co_return;
    link_->ended = true;
    if (status != inv::run_status::cancelled)
        status = inv::run_status::failed;
    std::exception_ptr failure;
    try {
        auto job = [state = link_->state, status, error = std::move(error)] {
            state->fail(status, error);
        };
        co_await link_->db.runs[link_->slot]->work.call(std::move(job));
    } catch (...) {
        failure = std::current_exception();
    }
    link_->db.release(link_->slot);
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace cloudsync::store::detail
