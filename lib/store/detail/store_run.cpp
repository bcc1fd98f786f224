#include "store/detail/store_run.hpp"

#include "store/store_error.hpp"

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;

store_run::store_run(database::impl& db, std::size_t slot, std::shared_ptr<run_state> state)
    : db_(db), slot_(slot), state_(std::move(state)), id_(state_->id()) {}

store_run::~store_run() {
    if (ended_)
        return;
    db_.runs[slot_]->work.force([state = state_, db = &db_, slot = slot_] {
        state->fail(inv::run_status::failed, "abandoned");
        db->release(slot);
    });
}

void store_run::check_usable() const {
    if (ended_)
        throw store_error("run " + std::to_string(id_) + " has already ended");
    // Errors of earlier jobs surface here: the run cannot continue.
    if (state_->failed())
        throw store_error(state_->error());
}

boost::asio::awaitable<void> store_run::enqueue(worker::job job) {
    // Named locals, not temporaries, in co_await: see the g++ 12 note in worker.hpp.
    auto op = db_.runs[slot_]->work.enqueue(std::move(job));
    co_await std::move(op);
}

boost::asio::awaitable<void> store_run::write(std::vector<inv::record> batch) {
    check_usable();
    worker::job job = [state = state_, batch = std::move(batch)] { state->write(batch); };
    auto op = enqueue(std::move(job));
    co_await std::move(op);
}

boost::asio::awaitable<void> store_run::write_samples(std::vector<inv::metric_sample> batch) {
    check_usable();
    worker::job job = [state = state_, batch = std::move(batch)] { state->write_samples(batch); };
    auto op = enqueue(std::move(job));
    co_await std::move(op);
}

boost::asio::awaitable<void> store_run::begin_scope(std::string scope) {
    check_usable();
    if (open_scope_)
        throw store_error("run " + std::to_string(id_) + ": scope '" + scope +
                          "' begun while scope '" + *open_scope_ + "' is open (scopes never nest)");
    open_scope_ = scope;
    worker::job job = [state = state_, scope = std::move(scope)] { state->begin_scope(scope); };
    auto op = enqueue(std::move(job));
    co_await std::move(op);
}

boost::asio::awaitable<void> store_run::end_scope() {
    check_usable();
    if (!open_scope_)
        throw store_error("run " + std::to_string(id_) + ": end_scope() without begin_scope()");
    open_scope_.reset();
    worker::job job = [state = state_] { state->end_scope(); };
    auto op = enqueue(std::move(job));
    co_await std::move(op);
}

boost::asio::awaitable<void> store_run::fail_scope(std::string error) {
    check_usable();
    if (!open_scope_)
        throw store_error("run " + std::to_string(id_) + ": fail_scope() without begin_scope()");
    open_scope_.reset();
    worker::job job = [state = state_, error = std::move(error)] { state->fail_scope(error); };
    auto op = enqueue(std::move(job));
    co_await std::move(op);
}

boost::asio::awaitable<inv::run_counts> store_run::commit() {
    if (ended_)
        throw store_error("run " + std::to_string(id_) + " has already ended");
    ended_ = true;
    std::exception_ptr error;
    inv::run_counts counts;
    try {
        auto job = [state = state_] { return state->commit(); };
        auto op = db_.runs[slot_]->work.call(std::move(job));
        counts = co_await std::move(op);
    } catch (...) {
        error = std::current_exception();
    }
    db_.release(slot_);
    if (error)
        std::rethrow_exception(error);
    co_return counts;
}

boost::asio::awaitable<void> store_run::fail(inv::run_status status, std::string error) {
    if (ended_)
        co_return;
    ended_ = true;
    if (status != inv::run_status::cancelled)
        status = inv::run_status::failed;
    std::exception_ptr failure;
    try {
        auto job = [state = state_, status, error = std::move(error)] {
            state->fail(status, error);
        };
        auto op = db_.runs[slot_]->work.call(std::move(job));
        co_await std::move(op);
    } catch (...) {
        failure = std::current_exception();
    }
    db_.release(slot_);
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace cloudsync::store::detail
