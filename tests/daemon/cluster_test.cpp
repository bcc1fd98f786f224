// Several cloudsyncd instances on one database, end to end (issue 10): real
// processes sharing one PostgreSQL database and one cloudsim. Over a window
// of short intervals no job's runs overlap, each job runs once per interval
// and the runs spread over the instances (each with room for one run);
// kill -9 of the instance running a slow run, scheduled or triggered, moves
// the job to a peer within one lease, fails the killed run as interrupted and
// neither loses nor duplicates a row; SIGTERM moves it at once; POST /sync on one instance for a
// job another holds answers 409 and runs nothing twice; a config that differs on one instance is
// warned about and shown in /status; a schema newer than the binary stops it.
#include "daemon_fixture.hpp"

#include <boost/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace cloudsync::test {
namespace {

using namespace std::chrono_literals;
using cloudsim::testing::test_client;
namespace json = boost::json;

constexpr auto warning = "runs with another config";

// One row of cloudsync.sync_runs; times in seconds since the epoch, on the
// database's clock (the one every instance's leases and due times use).
struct run_row {
    std::int64_t id = 0;
    std::string account;
    std::string instance;
    std::string status;
    std::string error;
    double started = 0;
    std::optional<double> finished;
};

// A free TCP port on 127.0.0.1 (bound and released: the daemon takes it next).
unsigned short free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t size = sizeof addr;
    unsigned short port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

class ClusterTest : public DaemonTest {
protected:
    // One cloudsyncd of the cluster: its process, its API, its instance id.
    struct instance {
        std::unique_ptr<child_process> process;
        std::unique_ptr<test_client> api;
        std::string id;

        json::value get(const std::string& target) const {
            return json::parse(api->get(target, bearer).body());
        }
        bool running() const { return !process->wait(0ms).has_value(); }
    };

    void TearDown() override {
        instances_.clear(); // kills what still runs
        DaemonTest::TearDown();
    }

    // The fixture's two accounts with `vms_interval` between runs, no jitter,
    // and leases of `lease`; the API on `listen`; `schedule` more schedule keys.
    std::string cluster_yaml(const std::string& vms_interval, const std::string& lease,
                             const std::string& listen = "127.0.0.1:0",
                             const std::string& schedule_keys = "") const {
        auto text = config_yaml(listen);
        const std::string schedule = "schedule:\n  vms: 1h\n";
        const auto at = text.find(schedule);
        EXPECT_NE(at, std::string::npos) << text;
        text.replace(at, schedule.size(),
                     "schedule:\n  vms: " + vms_interval + "\n" + schedule_keys);
        return text + "cluster:\n  lease: " + lease + "\n";
    }

    // Starts cloudsyncd on `config` and returns once its API answers.
    instance& start(const std::string& config) {
        auto one = std::make_unique<instance>();
        const auto log = dir_ + "/instance-" + std::to_string(instances_.size() + 1) + ".log";
        one->process = std::make_unique<child_process>(
            daemon_binary, std::vector<std::string>{"--config", config}, env(), log);
        std::smatch m;
        const std::regex ready(R"(ready \(instance ([^)]+)\))");
        EXPECT_TRUE(eventually(
            [&] {
                const auto text = one->process->log();
                if (!std::regex_search(text, m, ready))
                    return one->process->wait(0ms).has_value(); // it exited: no use waiting
                one->id = m[1].str();
                return true;
            },
            30s))
            << one->process->log();
        EXPECT_FALSE(one->id.empty())
            << "instance " << instances_.size() + 1 << " never got ready\n"
            << one->process->log();
        const auto port = api_port(*one->process);
        EXPECT_NE(port, 0) << one->process->log();
        one->api = std::make_unique<test_client>(port);
        instances_.push_back(std::move(one));
        return *instances_.back();
    }

    // The instance (of those started here) with this id, or null.
    instance* by_id(const std::string& id) {
        for (auto& one : instances_)
            if (one->id == id)
                return one.get();
        return nullptr;
    }

    std::string all_logs() const {
        std::string out;
        for (const auto& one : instances_)
            out += "--- instance " + one->id + "\n" + one->process->log();
        return out;
    }

    double db_now() const {
        pqxx::connection conn(db_.dsn);
        pqxx::work tx(conn);
        return tx.exec1("SELECT extract(epoch FROM clock_timestamp())::float8")[0].as<double>();
    }

    // The VM runs of `account` (every account for ""), by start time.
    std::vector<run_row> runs(const std::string& account = "") const {
        pqxx::connection conn(db_.dsn);
        pqxx::work tx(conn);
        std::vector<run_row> out;
        for (const auto& row : tx.exec_params(
                 "SELECT id, account, coalesce(instance, ''), status, coalesce(error, ''), "
                 "extract(epoch FROM started_at)::float8, extract(epoch FROM finished_at)::float8 "
                 "FROM cloudsync.sync_runs WHERE kind = 'vms' AND ($1 = '' OR account = $1) "
                 "ORDER BY started_at, id",
                 account)) {
            run_row run{row[0].as<std::int64_t>(),
                        row[1].as<std::string>(),
                        row[2].as<std::string>(),
                        row[3].as<std::string>(),
                        row[4].as<std::string>(),
                        row[5].as<double>(),
                        std::nullopt};
            if (!row[6].is_null())
                run.finished = row[6].as<double>();
            out.push_back(std::move(run));
        }
        return out;
    }

    // The runs of `account` with an id above `after`.
    std::vector<run_row> runs_after(const std::string& account, std::int64_t after) const {
        auto all = runs(account);
        std::erase_if(all, [&](const run_row& r) { return r.id <= after; });
        return all;
    }

    std::optional<run_row> run_by_id(std::int64_t id) const {
        for (auto& run : runs())
            if (run.id == id)
                return run;
        return std::nullopt;
    }

    // The instance holding a live lease on account's VM job, or "".
    std::string lease_owner(const std::string& account) const {
        pqxx::connection conn(db_.dsn);
        pqxx::work tx(conn);
        const auto row = tx.exec_params(
            "SELECT lease_owner FROM cloudsync.jobs WHERE account = $1 AND kind = 'vms' "
            "AND lease_expires >= now()",
            account);
        return row.empty() || row[0][0].is_null() ? std::string() : row[0][0].as<std::string>();
    }

    // The pid cloudsync.instances records for an instance id (0: no row).
    int recorded_pid(const std::string& id) const {
        pqxx::connection conn(db_.dsn);
        pqxx::work tx(conn);
        const auto row = tx.exec_params("SELECT pid FROM cloudsync.instances WHERE id = $1", id);
        return row.empty() ? 0 : row[0][0].as<int>();
    }

    // The process running account's VM job, found as an operator would:
    // cloudsync.jobs.lease_owner, then that instance's pid in cloudsync.instances.
    instance* holder_of(const std::string& account) {
        const auto owner = lease_owner(account);
        if (owner.empty())
            return nullptr;
        const auto pid = recorded_pid(owner);
        for (auto& one : instances_)
            if (one->process->pid() == pid) {
                EXPECT_EQ(one->id, owner);
                return one.get();
            }
        ADD_FAILURE() << "no started process has pid " << pid << " of instance " << owner;
        return nullptr;
    }

    // Every VM request of azure-a's subscription waits `delay`, `count` times.
    void slow_vms_of_a(std::chrono::milliseconds delay, std::uint32_t count = 1) {
        delay_vm_lists(delay, count, sub_a_);
    }

    // azure-a's VM run that is 'running' and waiting for its VMs, held by a
    // live lease; null (after a failure) when none came within 30 s.
    instance* slow_run_holder(std::int64_t after, std::int64_t& run_id) {
        instance* holder = nullptr;
        const bool found = eventually(
            [&] {
                const auto open = runs_after("azure-a", after);
                if (open.empty() || open.back().status != "running")
                    return false;
                if (sim_->stats().count("virtualMachines") == 0)
                    return false;
                run_id = open.back().id;
                holder = holder_of("azure-a");
                return holder != nullptr;
            },
            30s);
        EXPECT_TRUE(found) << "no slow run of azure-a\n" << all_logs();
        if (holder && found)
            EXPECT_EQ(run_by_id(run_id)->instance, holder->id);
        return holder;
    }

    // Holds while `check` stays true for `window` (polled every 100 ms).
    template <typename Check> static bool stays(Check check, std::chrono::milliseconds window) {
        const auto deadline = std::chrono::steady_clock::now() + window;
        while (std::chrono::steady_clock::now() < deadline) {
            if (!check())
                return false;
            std::this_thread::sleep_for(100ms);
        }
        return check();
    }

    std::vector<std::unique_ptr<instance>> instances_;
};

// Whether a JSON value is the string `text`.
bool names(const json::value& value, const std::string& text) {
    return value.is_string() && std::string_view(value.get_string()) == text;
}

// Every id an array of strings holds.
std::set<std::string> strings_of(const json::value& array) {
    std::set<std::string> out;
    for (const auto& item : array.as_array())
        out.emplace(item.as_string());
    return out;
}

TEST_F(ClusterTest, ThreeInstancesRunEachJobOncePerIntervalWithoutOverlap) {
    constexpr double interval = 3.0;
    constexpr double window = 16.0;
    sim_->set_latency({100ms, 0ms}); // a run takes a few hundred ms: overlaps could show
    // Room for one run per instance: two jobs due together need two instances.
    const auto config =
        write_config(cluster_yaml("3s", "3s", "127.0.0.1:0", "  max_concurrent_runs: 1\n"));
    for (int i = 0; i < 3; ++i)
        start(config);
    const double from = db_now();
    // The window is what is measured: each instance's runs land in it as they come.
    ASSERT_TRUE(eventually([&] { return db_now() >= from + window; }, 30s));
    const double to = db_now();

    const auto listed = instances_[0]->get("/instances").at("instances").as_array();
    std::set<std::string> live;
    int self = 0;
    for (const auto& one : listed) {
        if (one.at("live").as_bool())
            live.emplace(one.at("id").as_string());
        self += one.at("self").as_bool() ? 1 : 0;
        EXPECT_FALSE(one.at("config_differs").as_bool()) << one;
    }
    EXPECT_EQ(live,
              (std::set<std::string>{instances_[0]->id, instances_[1]->id, instances_[2]->id}));
    EXPECT_EQ(self, 1);

    std::set<std::string> ran_on;
    for (const std::string account : {"azure-a", "azure-b"}) {
        auto all = runs(account);
        std::vector<run_row> in_window;
        for (const auto& run : all)
            if (run.started >= from && run.started <= to)
                in_window.push_back(run);
        SCOPED_TRACE(account);
        double longest = 0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            const auto& run = all[i];
            EXPECT_FALSE(run.instance.empty()) << "run " << run.id << " names no instance";
            ran_on.insert(run.instance);
            if (!run.finished) {
                EXPECT_EQ(i + 1, all.size()) << "run " << run.id << " never finished";
                continue;
            }
            EXPECT_EQ(run.status, "succeeded") << run.id << ": " << run.error;
            longest = std::max(longest, *run.finished - run.started);
            if (i + 1 == all.size())
                continue;
            const auto gap = all[i + 1].started - *run.finished;
            EXPECT_GE(gap, 0.0) << "run " << all[i + 1].id << " (" << all[i + 1].instance
                                << ") began before run " << run.id << " (" << run.instance
                                << ") ended";
            // The next due time is the end of a run plus the interval (no jitter).
            EXPECT_GE(gap, interval - 0.1) << "runs " << run.id << " and " << all[i + 1].id;
            EXPECT_LE(gap, interval + 2.0) << "runs " << run.id << " and " << all[i + 1].id;
        }
        // Once per interval: a run every (interval + its length) at least, never
        // more than the window allows.
        const auto count = static_cast<double>(in_window.size());
        EXPECT_LE(count, window / interval + 1);
        EXPECT_GE(count, window / (interval + longest + 1.0) - 1);
    }
    EXPECT_GE(ran_on.size(), 2u) << "every run on one instance\n" << all_logs();
    for (const auto& one : instances_)
        EXPECT_TRUE(one->running()) << one->process->log();
}

TEST_F(ClusterTest, KillNineMovesTheJobToAPeerWithinOneLease) {
    constexpr double lease = 3.0;
    const auto config = write_config(cluster_yaml("1h", "3s"));
    ASSERT_EQ(once(config), 0) << once_logs(); // the rows the killed run must not lose
    const auto before = vm_rows();
    ASSERT_EQ(before.count, static_cast<long long>(sim_->inventory_snapshot()->live_vms_total()));
    const auto last_once = runs("azure-a").back().id;

    // The first instance claims the jobs due at start; azure-a's run waits for its VMs.
    ASSERT_GT(sim_->mutate({61, 0.0, 0.2, 0.0}).changed, 0u);
    slow_vms_of_a(15s);
    sim_->reset_stats();
    for (int i = 0; i < 3; ++i)
        start(config);
    std::int64_t killed_run = 0;
    auto* victim = slow_run_holder(last_once, killed_run);
    ASSERT_NE(victim, nullptr);
    const auto victim_id = victim->id;

    victim->process->signal(SIGKILL);
    ASSERT_TRUE(victim->process->wait(5s).has_value());
    const double killed_at = db_now();

    std::optional<run_row> next;
    ASSERT_TRUE(eventually(
        [&] {
            for (const auto& run : runs_after("azure-a", killed_run))
                if (run.status == "succeeded")
                    next = run;
            return next.has_value();
        },
        20s))
        << all_logs();
    EXPECT_NE(next->instance, victim_id);
    EXPECT_LE(next->started - killed_at, lease + 2.0)
        << "the job moved " << next->started - killed_at << " s after the kill (lease 3 s)";
    auto* taker = by_id(next->instance);
    ASSERT_NE(taker, nullptr) << next->instance;
    EXPECT_NE(taker->process->log().find("taking over from instance " + victim_id),
              std::string::npos)
        << taker->process->log();

    const auto killed = run_by_id(killed_run);
    EXPECT_EQ(killed->status, "failed");
    EXPECT_EQ(killed->error, "interrupted: instance " + victim_id +
                                 " or its database connection ended during the run");
    EXPECT_EQ(runs_after("azure-a", killed_run).size(), 1u) << "the job ran once after the kill";

    const auto after = vm_rows();
    EXPECT_EQ(after.native_ids, before.native_ids) << "no VM row lost or added";
    EXPECT_EQ(after.distinct, after.count) << "no VM row duplicated";
    EXPECT_NE(after.digest, before.digest) << "the run after the kill wrote the changed VMs";

    // The peers see the killed instance's heartbeat stop.
    const auto gone = [&] {
        const auto instances_answer = taker->get("/instances"); // the loop must not outlive it
        for (const auto& one : instances_answer.at("instances").as_array())
            if (names(one.at("id"), victim_id))
                return !one.at("live").as_bool();
        return false;
    };
    EXPECT_TRUE(eventually(gone, 10s)) << taker->get("/instances");
    // /status reads the board every 2 s: soon no job shows the dead instance.
    const auto none_on_victim = [&] {
        const auto status = taker->get("/status");
        for (const auto& job : status.at("jobs").as_array())
            if (names(job.at("instance"), victim_id))
                return false;
        return true;
    };
    EXPECT_TRUE(eventually(none_on_victim, 5s)) << taker->get("/status");
}

// The same for a run POST /sync started: the trigger is not lost with its instance.
TEST_F(ClusterTest, KillNineDuringATriggeredRunMovesTheJobToAPeerWithinOneLease) {
    constexpr double lease = 3.0;
    const auto config = write_config(cluster_yaml("1h", "3s"));
    auto& a = start(config);
    start(config);
    ASSERT_TRUE(eventually(
        [&] {
            const auto all = runs();
            return all.size() == 2 && std::all_of(all.begin(), all.end(), [](const run_row& r) {
                       return r.status == "succeeded";
                   });
        },
        30s))
        << all_logs();
    slow_vms_of_a(15s);
    const auto accepted =
        a.api->post("/sync?account=azure-a&collector=vms", "", "text/plain", bearer);
    ASSERT_EQ(accepted.result_int(), 202) << accepted.body();
    const auto killed_run = json::parse(accepted.body()).at("runs").at(0).at("id").as_int64();
    ASSERT_EQ(lease_owner("azure-a"), a.id);
    const auto a_id = a.id;
    a.process->signal(SIGKILL);
    ASSERT_TRUE(a.process->wait(5s).has_value());
    const double killed_at = db_now();

    std::optional<run_row> next;
    EXPECT_TRUE(eventually(
        [&] {
            const auto later = runs_after("azure-a", killed_run);
            if (!later.empty())
                next = later.front();
            return next.has_value();
        },
        std::chrono::milliseconds(static_cast<int>((lease + 3.0) * 1000))))
        << "the triggered job did not run again\n"
        << all_logs();
    if (next) {
        EXPECT_NE(next->instance, a_id);
        EXPECT_LE(next->started - killed_at, lease + 2.0);
    }
    EXPECT_TRUE(eventually([&] { return run_by_id(killed_run)->status == "failed"; }, 3s))
        << "the killed run is still " << run_by_id(killed_run)->status << "\n"
        << all_logs();
}

TEST_F(ClusterTest, SigtermMovesTheJobAtOnceWithoutWaitingForTheLease) {
    const auto config = write_config(cluster_yaml("1h", "30s"));
    slow_vms_of_a(15s);
    for (int i = 0; i < 3; ++i)
        start(config);
    std::int64_t stopped_run = 0;
    auto* stopped = slow_run_holder(0, stopped_run);
    ASSERT_NE(stopped, nullptr);
    const auto stopped_id = stopped->id;

    const double signalled_at = db_now();
    stopped->process->signal(SIGTERM);
    std::optional<run_row> next;
    ASSERT_TRUE(eventually(
        [&] {
            const auto later = runs_after("azure-a", stopped_run);
            if (!later.empty())
                next = later.front();
            return next.has_value();
        },
        10s))
        << all_logs();
    EXPECT_NE(next->instance, stopped_id);
    EXPECT_LE(next->started - signalled_at, 5.0)
        << "the job moved " << next->started - signalled_at << " s after SIGTERM (lease 30 s)";
    const auto code = stopped->process->wait(10s);
    ASSERT_TRUE(code.has_value()) << "still running 10 s after SIGTERM\n"
                                  << stopped->process->log();
    EXPECT_EQ(*code, 0) << stopped->process->log();

    EXPECT_EQ(run_by_id(stopped_run)->status, "cancelled");
    EXPECT_TRUE(eventually([&] { return run_by_id(next->id)->status == "succeeded"; }, 20s))
        << all_logs();
    EXPECT_EQ(runs_after("azure-a", stopped_run).size(), 1u);
    EXPECT_EQ(recorded_pid(stopped_id), 0) << "a clean stop deregisters the instance";
}

TEST_F(ClusterTest, SyncOnOneInstanceForAJobAnotherHoldsRunsItOnce) {
    const auto config = write_config(cluster_yaml("1h", "3s"));
    auto& a = start(config);
    auto& b = start(config);
    ASSERT_TRUE(eventually(
        [&] {
            const auto all = runs();
            return all.size() == 2 && std::all_of(all.begin(), all.end(), [](const run_row& r) {
                       return r.status == "succeeded";
                   });
        },
        30s))
        << all_logs();
    const auto last_a = runs("azure-a").back().id;
    const auto last_b = runs("azure-b").back().id;

    // B runs azure-a's job slowly; A is asked for it meanwhile.
    slow_vms_of_a(3s);
    const auto on_b = b.api->post("/sync?account=azure-a&collector=vms", "", "text/plain", bearer);
    ASSERT_EQ(on_b.result_int(), 202) << on_b.body();
    const auto b_run = json::parse(on_b.body()).at("runs").at(0).at("id").as_int64();
    EXPECT_EQ(lease_owner("azure-a"), b.id);
    const auto on_a = a.api->post("/sync?account=azure-a&collector=vms", "", "text/plain", bearer);
    EXPECT_EQ(on_a.result_int(), 409) << on_a.body();
    // A's /status reads the board every few seconds: B holds azure-a's job.
    const auto held_by_b = [&] {
        const auto jobs_answer = a.get("/status"); // the loop must not outlive it
        for (const auto& job : jobs_answer.at("jobs").as_array())
            if (job.at("account") == "azure-a")
                return names(job.at("instance"), b.id);
        return false;
    };
    EXPECT_TRUE(eventually(held_by_b, 3s)) << a.get("/status");

    ASSERT_TRUE(eventually([&] { return run_by_id(b_run)->status != "running"; }, 20s))
        << all_logs();
    EXPECT_EQ(run_by_id(b_run)->status, "succeeded");
    EXPECT_EQ(run_by_id(b_run)->instance, b.id);
    EXPECT_TRUE(stays([&] { return runs_after("azure-a", last_a).size() == 1; }, 1500ms))
        << "azure-a ran " << runs_after("azure-a", last_a).size() << " times\n"
        << all_logs();

    // An idle job triggered on A: one run, A's, whichever instance could take it.
    const auto idle = a.api->post("/sync?account=azure-b&collector=vms", "", "text/plain", bearer);
    ASSERT_EQ(idle.result_int(), 202) << idle.body();
    const auto id = json::parse(idle.body()).at("runs").at(0).at("id");
    ASSERT_TRUE(id.is_int64()) << idle.body();
    ASSERT_TRUE(eventually([&] { return run_by_id(id.as_int64())->status == "succeeded"; }, 20s))
        << all_logs();
    EXPECT_EQ(run_by_id(id.as_int64())->instance, a.id);
    EXPECT_TRUE(stays([&] { return runs_after("azure-b", last_b).size() == 1; }, 1500ms))
        << "azure-b ran " << runs_after("azure-b", last_b).size() << " times\n"
        << all_logs();
}

TEST_F(ClusterTest, AConfigDifferingOnOneInstanceIsWarnedAboutAndShown) {
    // Identical but for api.listen: one config truth, no warning.
    auto& a = start(write_config(cluster_yaml("1h", "3s"), "a.yaml"));
    const auto port = free_port();
    ASSERT_NE(port, 0);
    auto& b = start(
        write_config(cluster_yaml("1h", "3s", "127.0.0.1:" + std::to_string(port)), "b.yaml"));
    const auto sees_live = [](const instance& from, const std::string& id) {
        const auto instances_answer = from.get("/instances"); // the loop must not outlive it
        for (const auto& one : instances_answer.at("instances").as_array())
            if (names(one.at("id"), id))
                return one.at("live").as_bool();
        return false;
    };
    // Each one's heartbeat compared the digests before it listed the other.
    ASSERT_TRUE(eventually([&] { return sees_live(a, b.id) && sees_live(b, a.id); }, 10s))
        << all_logs();
    EXPECT_EQ(a.process->log().find(warning), std::string::npos) << a.process->log();
    EXPECT_EQ(b.process->log().find(warning), std::string::npos) << b.process->log();
    EXPECT_TRUE(a.get("/status").at("config_differs").as_array().empty());
    EXPECT_TRUE(b.get("/status").at("config_differs").as_array().empty());

    // C syncs VMs every 2 hours instead of every hour.
    auto& c = start(write_config(cluster_yaml("2h", "3s"), "c.yaml"));
    const auto warned = [&](const instance& one, const std::string& about) {
        return one.process->log().find("instance " + about + " on ") != std::string::npos &&
               one.process->log().find(warning) != std::string::npos;
    };
    EXPECT_TRUE(eventually([&] { return warned(a, c.id) && warned(b, c.id); }, 10s)) << all_logs();
    EXPECT_TRUE(eventually([&] { return warned(c, a.id) && warned(c, b.id); }, 10s)) << all_logs();
    EXPECT_EQ(strings_of(a.get("/status").at("config_differs")), std::set<std::string>{c.id});
    EXPECT_EQ(strings_of(c.get("/status").at("config_differs")),
              (std::set<std::string>{a.id, b.id}));
    const auto instances_answer = a.get("/instances"); // the loop must not outlive it
    for (const auto& one : instances_answer.at("instances").as_array()) {
        const auto id = std::string(one.at("id").as_string());
        EXPECT_EQ(one.at("config_differs").as_bool(), id == c.id) << one;
        EXPECT_EQ(one.at("self").as_bool(), id == a.id) << one;
        EXPECT_EQ(one.at("version"), CLOUDSYNC_VERSION_FOR_TESTS);
        EXPECT_EQ(one.at("pid").as_int64(), by_id(id)->process->pid());
    }
    // Once per differing peer, not once per heartbeat.
    const auto a_log = a.process->log();
    std::size_t count = 0;
    for (auto at = a_log.find(warning); at != std::string::npos; at = a_log.find(warning, at + 1))
        ++count;
    EXPECT_EQ(count, 1u) << a_log;
}

TEST_F(ClusterTest, AnOlderBinaryStopsWhenAPeerMigratedTheSchemaPastIt) {
    const auto config = write_config(cluster_yaml("1h", "3s"));
    auto& one = start(config);
    {
        pqxx::connection conn(db_.dsn);
        pqxx::work tx(conn);
        tx.exec0("INSERT INTO cloudsync.schema_migrations (version, name) "
                 "VALUES (9999, '9999_from_a_newer_cloudsyncd.sql')");
        tx.commit();
    }
    const auto code = one.process->wait(5s); // a heartbeat is a second with a 3 s lease
    ASSERT_TRUE(code.has_value()) << "still running 5 s after the schema moved on\n"
                                  << one.process->log();
    EXPECT_EQ(*code, 1) << one.process->log();
    EXPECT_NE(one.process->log().find("database schema version 9999 is newer than this "
                                      "cloudsyncd knows"),
              std::string::npos)
        << one.process->log();
    EXPECT_EQ(recorded_pid(one.id), 0) << "it stopped cleanly and deregistered";

    // Nor does it start again on it.
    const auto restarted = once(config);
    EXPECT_NE(restarted, 0) << once_logs();
    EXPECT_NE(once_logs().find("9999"), std::string::npos) << once_logs();
}

} // namespace
} // namespace cloudsync::test
