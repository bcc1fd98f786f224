// database's "Several instances" section: the leased-jobs board and the
// instances' heartbeats, each call one transaction on the board thread
// (detail/job_board.hpp), and the LISTEN thread.
#include "store/database.hpp"

#include "store/detail/job_board.hpp"
#include "store/detail/sql.hpp"
#include "store/detail/store_impl.hpp"

namespace cloudsync::store {

namespace asio = boost::asio;
using detail::guarded;

namespace {

// Runs fn(connection, instance id) on the board thread.
template <typename F> auto on_board(database::impl* self, const char* context, F fn) {
    if (self->opts.instance_id.empty())
        throw store_error(std::string(context) + ": the store has no instance id");
    auto job = [self, context, fn = std::move(fn)] {
        return guarded(self->board->db, context,
                       [&](pqxx::connection& conn) { return fn(conn, self->opts.instance_id); });
    };
    return self->board->work.call(std::move(job));
}

} // namespace

asio::awaitable<heartbeat_result> database::heartbeat(instance_info self_info) {
    auto op = on_board(impl_.get(), "cannot record the heartbeat",
                       [info = std::move(self_info)](pqxx::connection& conn, const std::string&) {
                           return detail::heartbeat(conn, info);
                       });
    co_return co_await std::move(op);
}

asio::awaitable<void> database::deregister_instance() {
    auto op = on_board(impl_.get(), "cannot deregister this instance",
                       [](pqxx::connection& conn, const std::string& id) {
                           detail::deregister_instance(conn, id);
                       });
    co_await std::move(op);
}

asio::awaitable<void> database::enlist_jobs(std::vector<job_entry> jobs) {
    auto op = on_board(impl_.get(), "cannot put the jobs on the board",
                       [jobs = std::move(jobs)](pqxx::connection& conn, const std::string&) {
                           detail::enlist_jobs(conn, jobs);
                       });
    co_await std::move(op);
}

asio::awaitable<claim_result> database::claim_jobs(std::vector<job_ref> mine, std::size_t limit,
                                                   bool triggered_only,
                                                   std::chrono::milliseconds lease) {
    auto op = on_board(impl_.get(), "cannot claim jobs",
                       [mine = std::move(mine), limit, triggered_only,
                        lease](pqxx::connection& conn, const std::string& id) {
                           return detail::claim_jobs(conn, id, mine, limit, triggered_only, lease);
                       });
    co_return co_await std::move(op);
}

asio::awaitable<std::vector<job_ref>> database::renew_leases(std::vector<job_ref> held,
                                                             std::chrono::milliseconds lease) {
    auto op =
        on_board(impl_.get(), "cannot renew leases",
                 [held = std::move(held), lease](pqxx::connection& conn, const std::string& id) {
                     return detail::renew_leases(conn, id, held, lease);
                 });
    co_return co_await std::move(op);
}

asio::awaitable<bool> database::release_lease(job_ref job, std::chrono::milliseconds next_due_in,
                                              int consecutive_failures,
                                              std::optional<inventory::run_id> run, bool notify) {
    auto op = on_board(impl_.get(), "cannot release a lease",
                       [job = std::move(job), next_due_in, consecutive_failures, run,
                        notify](pqxx::connection& conn, const std::string& id) {
                           return detail::release_lease(conn, id, job, next_due_in,
                                                        consecutive_failures, run, notify);
                       });
    co_return co_await std::move(op);
}

asio::awaitable<job_trigger_result> database::trigger_job(job_ref job, std::string trigger,
                                                          bool notify) {
    auto op = on_board(impl_.get(), "cannot trigger the job",
                       [job = std::move(job), trigger = std::move(trigger),
                        notify](pqxx::connection& conn, const std::string&) {
                           return detail::trigger_job(conn, job, trigger, notify);
                       });
    co_return co_await std::move(op);
}

asio::awaitable<std::vector<job_row>> database::read_jobs() {
    auto op = on_board(
        impl_.get(), "cannot read the jobs",
        [](pqxx::connection& conn, const std::string&) { return detail::read_jobs(conn); });
    co_return co_await std::move(op);
}

void database::listen_jobs(std::function<void()> on_change) {
    auto* self = impl_.get();
    if (self->jobs_listener)
        throw store_error("listen_jobs: already listening");
    detail::session_rules rules{self->opts.dsn,
                                self->opts.connect_timeout,
                                self->opts.statement_timeout,
                                self->opts.keepalive_idle,
                                self->opts.keepalive_interval,
                                self->opts.keepalive_count,
                                self->opts.writer_role};
    self->jobs_listener = std::make_unique<detail::listener>(
        std::move(rules), detail::sql::jobs_channel, std::move(on_change));
}

} // namespace cloudsync::store
