#include "scheduler/detail/job.hpp"

#include "scheduler/detail/scope_recorder.hpp"

#include "core/error.hpp"
#include "core/log_fields_executor.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <exception>

namespace cloudsync::scheduler::detail {

namespace asio = boost::asio;
using inventory::run_status;

namespace {

class job_timeout_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

std::string describe(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

// collect() raced against the job's deadline: whichever completes first wins
// and the other is cancelled. (experimental::operator|| waits for the first
// *success*, so a collector that throws at once would wait for the deadline.)
// The collector is owned by this frame, so it outlives the operation.
asio::awaitable<void> collect_with_deadline(std::unique_ptr<collectors::collector> collector,
                                            std::shared_ptr<inventory::record_sink> sink,
                                            std::chrono::milliseconds timeout) {
    const auto executor = co_await asio::this_coro::executor;
    asio::steady_timer deadline(executor, timeout);
    auto work = asio::co_spawn(executor, collector->collect(std::move(sink)), asio::deferred);
    auto expiry = deadline.async_wait(asio::deferred);
    auto group = asio::experimental::make_parallel_group(std::move(work), std::move(expiry));
    auto [order, failure, expired] = co_await std::move(group).async_wait(
        asio::experimental::wait_for_one(), asio::use_awaitable);
    if (order[0] == 0) {
        if (failure)
            std::rethrow_exception(failure);
        co_return;
    }
    if (expired) { // the deadline was cancelled: the job itself is being cancelled
        if (failure)
            std::rethrow_exception(failure);
        throw boost::system::system_error(expired);
    }
    const bool whole_seconds =
        timeout % std::chrono::seconds(1) == std::chrono::milliseconds::zero();
    throw job_timeout_error("timed out after " + (whole_seconds
                                                      ? std::to_string(timeout.count() / 1000) + "s"
                                                      : std::to_string(timeout.count()) + "ms"));
}

struct attempt {
    std::exception_ptr failure;
    bool in_commit = false; // the failure came from commit(), which failed the run itself
    inventory::run_counts counts;
    std::vector<std::pair<std::string, std::string>> failed_scopes; // (scope, error)
    std::size_t scopes_begun = 0;
};

// The task boundary of a job: every failure becomes a value.
asio::awaitable<attempt> collect_and_commit(std::shared_ptr<job_handle> handle,
                                            std::shared_ptr<inventory::run> run) {
    attempt result;
    try {
        auto collector = handle->make_collector();
        if (!collector)
            throw cloudsync::error("no collector for this job");
        auto recorder = std::make_shared<scope_recorder>(run);
        co_await collect_with_deadline(std::move(collector), recorder, handle->timeout);
        result.failed_scopes = recorder->failed();
        result.scopes_begun = recorder->begun();
        result.in_commit = true;
        result.counts = co_await run->commit();
    } catch (...) {
        result.failure = std::current_exception();
    }
    co_return result;
}

std::shared_ptr<log_fields> fields_of(const inventory::run_scope& scope) {
    auto fields = std::make_shared<log_fields>();
    fields->account = scope.account;
    fields->collector = inventory::to_string(scope.kind);
    fields->provider = inventory::to_string(scope.cloud);
    return fields;
}

} // namespace

job_handle::job_handle(job_key k, inventory::run_scope s, asio::any_io_executor executor)
    : key(std::move(k)), scope(std::move(s)), fields(fields_of(scope)),
      strand(asio::make_strand(asio::any_io_executor(
          log_fields_executor<asio::any_io_executor>(std::move(executor), fields)))) {}

asio::awaitable<job_result> run_job(std::shared_ptr<job_handle> handle,
                                    std::shared_ptr<inventory::run_store> store,
                                    std::function<void(inventory::run_record)> on_begun) {
    job_result result;
    auto& record = result.record;
    record.scope = handle->scope;
    record.started_at = handle->time->system();
    const auto begun_at = handle->time->steady();
    auto finish = [&](run_status status, std::string error) {
        record.status = status;
        record.error = std::move(error);
        record.finished_at = handle->time->system();
        result.elapsed = handle->time->steady() - begun_at;
    };

    std::shared_ptr<inventory::run> run;
    std::exception_ptr failure;
    try {
        run = co_await store->begin(handle->scope);
    } catch (...) {
        failure = std::current_exception();
    }
    if (!run) {
        if (handle->cancel_requested)
            finish(run_status::cancelled, "cancelled");
        else
            finish(run_status::failed, "begin: " + (failure ? describe(failure) : "no run"));
        on_begun(record);
        co_return result;
    }
    record.id = run->id();
    handle->fields->run_id.store(record.id, std::memory_order_relaxed);
    result.begun = true;
    on_begun(record);

    const auto outcome = co_await collect_and_commit(handle, run);
    if (!outcome.failure) {
        record.counts = outcome.counts;
        record.failed_scopes = outcome.failed_scopes;
        const auto status =
            inventory::status_after_scopes(outcome.failed_scopes.size(), outcome.scopes_begun);
        finish(status, status == run_status::succeeded
                           ? std::string()
                           : inventory::describe_failed_scopes(
                                 handle->scope.cloud, outcome.failed_scopes, outcome.scopes_begun));
        co_return result;
    }
    const auto status = handle->cancel_requested ? run_status::cancelled : run_status::failed;
    finish(status, handle->cancel_requested ? "cancelled" : describe(outcome.failure));
    if (outcome.in_commit)
        co_return result;

    // A cancelled coroutine throws at its next co_await; recording the outcome
    // must still happen (a second cancellation may interrupt it).
    co_await asio::this_coro::reset_cancellation_state();
    try {
        co_await run->fail(status, record.error);
    } catch (...) {
        spdlog::warn("run {}: recording its failure failed: {}", record.id,
                     describe(std::current_exception()));
    }
    co_return result;
}

} // namespace cloudsync::scheduler::detail
