#include "service.hpp"

#include "api/server.hpp"
#include "api_backend.hpp"
#include "background_priority.hpp"
#include "cluster_board.hpp"
#include "config/load.hpp"
#include "core/metrics.hpp"
#include "instance.hpp"
#include "jobs.hpp"
#include "options.hpp"
#include "status_line.hpp"
#include "store/migrations.hpp"
#include "systemd/listen_fds.hpp"
#include "systemd/notify.hpp"
#include "systemd/watchdog.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <set>
#include <cstdlib>
#include <thread>

namespace cloudsync::daemon {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// In-flight runs get this long to end after SIGTERM; the unit's TimeoutStopSec
// is larger, so systemd never has to SIGKILL a clean shutdown.
constexpr auto stop_deadline = 8s;

void log_unavailable(const job_plan& plan) {
    for (const auto& job : plan.unavailable)
        spdlog::warn("{}: no collector for this kind and provider yet; job not scheduled", job);
}

// Opens the store: migrations, then tenants, accounts and the writer's and
// readers' grants with (as a service) this instance's entry among the
// instances sharing the database, so that no peer purges an account it syncs,
// then runs left behind by a crash (marked as the writer, so after its grants:
// on a new database with a writer_role it has none before).
asio::awaitable<void> prepare_store(store::database& db, const config::config& cfg,
                                    const std::string& instance) {
    const int version = co_await db.migrate();
    spdlog::info("database schema at version {}", version);
    std::optional<store::instance_info> self;
    if (!instance.empty())
        self = describe_instance(instance, cfg);
    co_await db.apply_tenants(tenant_specs(cfg), account_specs(cfg), std::move(self));
    if (const auto ids = co_await db.mark_interrupted_runs(); !ids.empty())
        spdlog::warn("marked {} interrupted run(s) failed (the daemon or its database connection "
                     "ended during them): {}",
                     ids.size(), fmt::join(ids, ", "));
}

class service {
public:
    // instance: this process's id among the instances sharing the database;
    // empty for --once, which runs outside the shared schedule.
    service(std::string path, std::shared_ptr<const config::config> cfg, std::string instance)
        : path_(std::move(path)), cfg_(std::move(cfg)), instance_(std::move(instance)),
          db_(std::make_shared<store::database>(instance_options(*cfg_, instance_))),
          client_(std::make_shared<http::client>(io_.get_executor(), http_options(*cfg_))),
          parse_threads_(cfg_->collection.threads()), parse_pool_(parse_threads_) {}

    // Runs `task` on the main loop to completion and returns its result.
    int run_to_completion(asio::awaitable<int> task) {
        int code = 1;
        asio::co_spawn(io_, std::move(task), [&](std::exception_ptr error, int result) {
            code = result;
            if (error) {
                try {
                    std::rethrow_exception(error);
                } catch (const std::exception& e) {
                    spdlog::error("{}", e.what());
                    code = 1;
                }
            }
            cancel_background();
        });
        io_.run();
        return code;
    }

    asio::awaitable<int> serve() {
        co_await prepare_store(*db_, *cfg_, instance_);
        create_scheduler(false);
        scheduler_->note_past_successes(co_await db_->last_runs(inventory::run_status::succeeded));
        metrics::default_registry()
            .get_gauge("cloudsync_build_info", "The running cloudsyncd's version (always 1)",
                       {{"version", CLOUDSYNC_VERSION}})
            .set(1);
        start_api();
        // A weak reference: the scheduler holds the store, so a strong one here
        // was a cycle that kept the store alive past the service (its threads
        // never joined; one finishing an abandoned run raced the exit).
        db_->listen_jobs([w = std::weak_ptr<scheduler::scheduler>(scheduler_)] {
            if (auto s = w.lock())
                s->board_changed();
        });
        scheduler_->start();
        spawn_background(backend_->watch_health(2s));
        spawn_background(keep_heartbeat());
        spawn_background(apply_retention_periodically());
        if (auto period = systemd::watchdog_interval())
            spawn_background(systemd::run_watchdog(*period, [s = scheduler_] {
                return s->alive(std::chrono::seconds(10));
            }));
        spdlog::info("cloudsyncd {} ready (instance {}): api on {}, {} jobs", CLOUDSYNC_VERSION,
                     instance_, fmt::join(server_->addresses(), ", "),
                     scheduler_->status().size());
        systemd::notify_ready();
        publish_status();
        co_await handle_signals();
        co_return co_await shut_down();
    }

    asio::awaitable<int> once(std::optional<std::string> account,
                              std::optional<inventory::collector_kind> kind) {
        co_await prepare_store(*db_, *cfg_, instance_);
        create_scheduler(true);
        signals_.remove(SIGHUP); // nothing to reload in a single pass
        signals_.async_wait([s = scheduler_](boost::system::error_code ec, int) {
            if (!ec) s->stop();
        });
        const auto outcome = co_await scheduler_->run_once(std::move(account), kind);
        signals_.cancel();
        if (outcome.error == scheduler::filter_error::unknown_account) {
            spdlog::error("--account: no such account in {}", cfg_->source);
            co_return 2;
        }
        if (outcome.error == scheduler::filter_error::unknown_kind) {
            spdlog::error("--collector: no job of that kind for the selected accounts");
            co_return 2;
        }
        co_return outcome.all_succeeded() ? 0 : 1;
    }

private:
    void create_scheduler(bool once_mode) {
        auto plan = plan_jobs(*cfg_, collection());
        log_unavailable(plan);
        auto opts = scheduler_options(*cfg_);
        // The scheduler logs each run's start and end; systemd hears the summary.
        if (!once_mode) {
            opts.on_change = [this](const scheduler::run_event&) { publish_status(); };
            opts.board = std::make_shared<cluster_board>(
                db_, instance_, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    cfg_->cluster.lease));
        }
        scheduler_ = scheduler::scheduler::create(io_.get_executor(), db_, std::move(opts),
                                                  std::move(plan.jobs));
    }

    void start_api() {
        backend_ = std::make_shared<api_backend>(scheduler_, db_);
        server_ = std::make_unique<api::server>(
            api_io_.get_executor(), api_options(*cfg_, systemd::listen_fds()), backend_);
        server_->start();
        api_thread_ = std::thread([this] { api_io_.run(); });
        lower_sync_priority(parse_pool_, parse_threads_, sync_nice_steps);
    }

    collection_resources collection() { return {client_, parse_pool_.get_executor()}; }

    void publish_status() { systemd::notify_status(status_line(scheduler_->status())); }

    // Old metric samples and run history go by whole day partitions; the store
    // also creates the next days' partitions ahead of the writers here. Reads
    // cfg_ each time, so a reloaded metrics.retention or history.retention
    // applies from the next pass.
    asio::awaitable<void> apply_retention_periodically() {
        asio::steady_timer timer(io_);
        for (;;) {
            try {
                const auto removed = co_await db_->apply_retention(cfg_->metrics.retention);
                if (removed.partitions_dropped > 0 || removed.rows_deleted > 0)
                    spdlog::info("metric retention: dropped {} day partitions and {} samples",
                                 removed.partitions_dropped, removed.rows_deleted);
            } catch (const cloudsync::error& e) {
                spdlog::warn("metric retention: {}", e.what());
            }
            try {
                const auto removed = co_await db_->apply_history_retention(cfg_->history.retention);
                if (removed.partitions_dropped > 0 || removed.rows_deleted > 0)
                    spdlog::info("history retention: dropped {} day partitions and {} rows of "
                                 "changes and sync_runs",
                                 removed.partitions_dropped, removed.rows_deleted);
            } catch (const cloudsync::error& e) {
                spdlog::warn("history retention: {}", e.what());
            }
            timer.expires_after(10min);
            co_await timer.async_wait(asio::use_awaitable);
        }
    }

    // Every third of the lease: this instance's heartbeat, and what it learns
    // of the others (for /status and /instances): a live peer whose config
    // digest differs is warned about once per digest; a schema newer than this
    // binary knows (a newer peer migrated) stops this instance, exit code 1.
    asio::awaitable<void> keep_heartbeat() {
        asio::steady_timer timer(io_);
        std::set<std::pair<std::string, std::string>> warned;
        for (;;) {
            const auto period = std::max<std::chrono::milliseconds>(cfg_->cluster.lease / 3, 1s);
            try {
                const auto self = describe_instance(instance_, *cfg_);
                const auto beat = co_await db_->heartbeat(self);
                std::vector<api::instance_status> list;
                for (const auto& row : beat.instances) {
                    api::instance_status one{row.id,         row.host,         row.pid,
                                             row.version,    row.config_digest, row.started_at,
                                             row.heartbeat_at, row.live,        row.id == instance_,
                                             false};
                    one.config_differs = row.live && row.config_digest != self.config_digest;
                    if (one.config_differs && warned.emplace(row.id, row.config_digest).second)
                        spdlog::warn("instance {} on {} runs with another config (digest {}, this "
                                     "one {}): a rolling change is fine, a forgotten machine is "
                                     "not; see /instances",
                                     row.id, row.host, row.config_digest, self.config_digest);
                    list.push_back(std::move(one));
                }
                backend_->set_instances(std::move(list));
                if (beat.schema_version > store::known_schema_version()) {
                    spdlog::error("database schema version {} is newer than this cloudsyncd "
                                  "knows ({}): a newer instance migrated it; stopping",
                                  beat.schema_version, store::known_schema_version());
                    exit_code_ = 1;
                    std::raise(SIGTERM);
                    co_return;
                }
            } catch (const cloudsync::error& e) {
                spdlog::warn("heartbeat: {}", e.what());
            }
            timer.expires_after(period);
            co_await timer.async_wait(asio::use_awaitable);
        }
    }

    // Waits for signals: SIGHUP reloads and waits again; SIGTERM/SIGINT returns.
    asio::awaitable<void> handle_signals() {
        for (;;) {
            const int number = co_await signals_.async_wait(asio::use_awaitable);
            if (number != SIGHUP) {
                spdlog::info("signal {}: shutting down", number);
                co_return;
            }
            co_await reload();
        }
    }

    asio::awaitable<void> reload() {
        systemd::notify_reloading();
        spdlog::info("SIGHUP: reloading {}", path_);
        try {
            auto loaded = config::load_file(path_);
            for (const auto& warning : loaded.warnings) spdlog::warn("{}", warning);
            const auto& next = *loaded.value;
            if (!(next.database == cfg_->database) || !(next.api == cfg_->api))
                spdlog::warn("{}: database and api settings change only on restart", path_);
            auto tenants = tenant_specs(next);
            auto accounts = account_specs(next);
            co_await db_->apply_tenants(std::move(tenants), std::move(accounts),
                                        describe_instance(instance_, next));
            auto plan = plan_jobs(next, collection());
            log_unavailable(plan);
            scheduler_->replan(std::move(plan.jobs));
            init_logging(next.log.level);
            cfg_ = loaded.value;
            spdlog::info("reloaded: {} jobs", scheduler_->status().size());
        } catch (const cloudsync::error& e) {
            spdlog::error("reload failed, keeping the running config: {}", e.what());
        }
        systemd::notify_ready();
        publish_status();
    }

    asio::awaitable<int> shut_down() {
        systemd::notify_stopping();
        exit_on_second_signal();
        const bool clean = co_await scheduler_->shutdown(std::chrono::steady_clock::now() +
                                                         stop_deadline);
        if (!clean) spdlog::warn("runs still in flight at the stop deadline; exiting anyway");
        try { // peers see at once that this instance is gone
            co_await db_->deregister_instance();
        } catch (const cloudsync::error& e) {
            spdlog::warn("could not deregister this instance (it lapses on its own): {}",
                         e.what());
        }
        server_->stop();
        api_io_.stop(); // the API loop holds only connections being closed by now
        if (api_thread_.joinable()) api_thread_.join();
        client_->close_idle();
        spdlog::info("stopped");
        co_return exit_code_;
    }

    // A second SIGTERM/SIGINT during shutdown exits at once (STYLE.md §11).
    void exit_on_second_signal() {
        signals_.async_wait([](boost::system::error_code ec, int number) {
            if (ec || number == SIGHUP) return;
            spdlog::warn("signal {} during shutdown: exiting at once", number);
            std::_Exit(1);
        });
    }

    template <typename Task> void spawn_background(Task task) {
        background_.push_back(std::make_unique<asio::cancellation_signal>());
        asio::co_spawn(io_, std::move(task),
                       asio::bind_cancellation_slot(background_.back()->slot(), asio::detached));
    }

    void cancel_background() {
        for (auto& signal : background_) signal->emit(asio::cancellation_type::all);
        signals_.cancel();
    }

    static store::options instance_options(const config::config& cfg, const std::string& id) {
        auto opts = store_options(cfg);
        opts.instance_id = id;
        opts.run_thread_setup = [] { lower_this_thread(sync_nice_steps); };
        return opts;
    }

    std::string path_;
    std::shared_ptr<const config::config> cfg_;
    std::string instance_;
    int exit_code_ = 0;
    asio::io_context io_{1};
    // Installed before anything starts, so a signal during start-up waits for
    // handle_signals() instead of killing the process with the default action.
    asio::signal_set signals_{io_, SIGHUP, SIGTERM, SIGINT};
    asio::io_context api_io_;
    asio::executor_work_guard<asio::io_context::executor_type> api_work_{api_io_.get_executor()};
    std::shared_ptr<store::database> db_;
    std::shared_ptr<http::client> client_;
    // The parse pool's size, fixed at start (a reload does not resize it): the
    // priority latch must count exactly the pool's threads or it never opens.
    const std::size_t parse_threads_;
    // Pages are parsed and records built here, off the collectors' I/O thread
    // (collection.parse_threads). Declared before the scheduler: it outlives
    // every collector.
    asio::thread_pool parse_pool_;
    std::shared_ptr<scheduler::scheduler> scheduler_;
    std::shared_ptr<api_backend> backend_;
    std::unique_ptr<api::server> server_;
    std::thread api_thread_;
    std::vector<std::unique_ptr<asio::cancellation_signal>> background_;
};

} // namespace

int run_service(std::string config_path, std::shared_ptr<const config::config> cfg) {
    service daemon(std::move(config_path), std::move(cfg), new_instance_id());
    return daemon.run_to_completion(daemon.serve());
}

int run_once(std::shared_ptr<const config::config> cfg, std::optional<std::string> account,
             std::optional<std::string> collector) {
    std::optional<inventory::collector_kind> kind;
    if (collector) {
        kind = inventory::parse_collector_kind(*collector);
        if (!kind) {
            spdlog::error("--collector: unknown kind '{}' (vms, storage, networks, containers, "
                          "metrics, alerts)",
                          *collector);
            return 2;
        }
    }
    auto source = cfg->source;
    service daemon(std::move(source), std::move(cfg), {});
    return daemon.run_to_completion(daemon.once(std::move(account), kind));
}

} // namespace cloudsync::daemon
