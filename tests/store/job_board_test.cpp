// The leased-jobs board of several instances on one database: a due job is
// leased to exactly one of the instances claiming it at once, a live lease is
// never taken, a lapsed one is (naming the instance it was taken from), the
// release sets the next due time, a trigger is refused while a lease lives,
// heartbeats tell live instances from gone ones, and apply_tenants keeps an
// account a live peer still syncs.
#include "fixture.hpp"

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

namespace cloudsync::store::test {
namespace {

using namespace std::chrono_literals;

class job_board : public store_test {
protected:
    // Another instance on the same database.
    std::unique_ptr<database> instance(const std::string& id) {
        options opts{cloudsync::secret(db_info_.dsn), 1, 1};
        opts.instance_id = id;
        return std::make_unique<database>(std::move(opts));
    }

    // Both accounts registered, their VM jobs on the board, due now.
    std::vector<job_ref> enlist(database& db) {
        scope("acct-a", "platform");
        scope("acct-b", "data");
        std::vector<job_entry> jobs{
            {"platform", "acct-a", inv::provider::azure, inv::collector_kind::vms, {}},
            {"data", "acct-b", inv::provider::azure, inv::collector_kind::vms, {}}};
        run_blocking(db.enlist_jobs(jobs));
        return {{"acct-a", inv::collector_kind::vms}, {"acct-b", inv::collector_kind::vms}};
    }

    instance_info info(const std::string& id, std::map<std::string, std::string> accounts) {
        instance_info self;
        self.id = id;
        self.host = "test";
        self.pid = 1;
        self.version = "0";
        self.config_digest = "d";
        self.accounts = std::move(accounts);
        self.lease = 60s;
        return self;
    }
};

TEST_F(job_board, ConcurrentClaimsLeaseEachDueJobToExactlyOneInstance) {
    auto a = instance("a");
    const auto jobs = enlist(*a);
    std::vector<std::unique_ptr<database>> peers;
    for (const auto* id : {"a", "b", "c", "d"})
        peers.push_back(instance(id));
    std::vector<claim_result> results(peers.size());
    std::vector<std::thread> threads;
    std::atomic<int> ready{0};
    for (std::size_t i = 0; i < peers.size(); ++i)
        threads.emplace_back([&, i] {
            ++ready;
            while (ready < static_cast<int>(peers.size()))
                std::this_thread::yield();
            results[i] = run_blocking(peers[i]->claim_jobs(jobs, 2, false, 60s));
        });
    for (auto& t : threads)
        t.join();
    std::multiset<std::string> claimed;
    for (const auto& result : results)
        for (const auto& claim : result.claimed) {
            claimed.insert(claim.job.account);
            EXPECT_EQ(claim.trigger, "schedule");
            EXPECT_FALSE(claim.taken_from);
        }
    EXPECT_EQ(claimed, (std::multiset<std::string>{"acct-a", "acct-b"}));
    EXPECT_EQ(scalar("SELECT count(DISTINCT lease_owner) > 0 AND count(*) FILTER (WHERE "
                     "lease_owner IS NULL) = 0 FROM cloudsync.jobs"),
              "t");
    // Held: nobody gets them again, and the next claimable time is the lapse.
    auto again = run_blocking(peers[0]->claim_jobs(jobs, 2, false, 60s));
    EXPECT_TRUE(again.claimed.empty());
    ASSERT_TRUE(again.next_due);
    EXPECT_GT(again.next_due->time_since_epoch(), 50s);
}

TEST_F(job_board, ALapsedLeaseIsTakenOverAndNamesItsHolder) {
    auto a = instance("a");
    auto b = instance("b");
    const auto jobs = enlist(*a);
    EXPECT_EQ(run_blocking(a->claim_jobs({jobs[0]}, 1, false, 60s)).claimed.size(), 1u);
    EXPECT_TRUE(run_blocking(b->claim_jobs({jobs[0]}, 1, false, 60s)).claimed.empty());
    // Renewal keeps it; a lease that is not renewed lapses (made to, here).
    EXPECT_EQ(run_blocking(a->renew_leases({jobs[0]}, 60s)).size(), 1u);
    query("UPDATE cloudsync.jobs SET lease_expires = now() - interval '1 second' "
          "WHERE account = 'acct-a'");
    const auto taken = run_blocking(b->claim_jobs({jobs[0]}, 1, false, 60s));
    ASSERT_EQ(taken.claimed.size(), 1u);
    EXPECT_EQ(taken.claimed[0].taken_from, std::optional<std::string>("a"));
    // The old holder finds out: its renewal no longer holds it, its release is ignored.
    EXPECT_TRUE(run_blocking(a->renew_leases({jobs[0]}, 60s)).empty());
    EXPECT_FALSE(run_blocking(a->release_lease(jobs[0], 0ms, 0, std::nullopt, false)));
    EXPECT_EQ(scalar("SELECT lease_owner FROM cloudsync.jobs WHERE account = 'acct-a'"), "b");
}

TEST_F(job_board, ReleaseSetsTheNextDueTimeOnTheDatabaseClock) {
    auto a = instance("a");
    const auto jobs = enlist(*a);
    ASSERT_EQ(run_blocking(a->claim_jobs(jobs, 2, false, 60s)).claimed.size(), 2u);
    EXPECT_TRUE(run_blocking(a->release_lease(jobs[0], 600000ms, 0, 42, false)));
    EXPECT_TRUE(run_blocking(a->release_lease(jobs[1], 0ms, 3, std::nullopt, true)));
    EXPECT_EQ(scalar("SELECT round(extract(epoch FROM next_due - now()) / 60)::text || ' ' || "
                     "coalesce(lease_owner, '-') || ' ' || last_run FROM cloudsync.jobs "
                     "WHERE account = 'acct-a'"),
              "10 - 42");
    EXPECT_EQ(scalar("SELECT consecutive_failures FROM cloudsync.jobs WHERE account = 'acct-b'"),
              "3");
    // Only acct-b is due: one claim; the next claimable time is when its new
    // lease would lapse (a minute), acct-a being ten minutes away.
    const auto next = run_blocking(a->claim_jobs(jobs, 2, false, 60s));
    ASSERT_EQ(next.claimed.size(), 1u);
    EXPECT_EQ(next.claimed[0].job.account, "acct-b");
    EXPECT_EQ(next.claimed[0].consecutive_failures, 3);
    ASSERT_TRUE(next.next_due);
    EXPECT_GT(next.next_due->time_since_epoch(), 50s);
    EXPECT_LT(next.next_due->time_since_epoch(), 61s);
}

TEST_F(job_board, ATriggerIsRefusedWhileALiveLeaseHoldsTheJobAndRunsOnceOtherwise) {
    auto a = instance("a");
    auto b = instance("b");
    const auto jobs = enlist(*a);
    // Not due (an hour away), then triggered: claimable once, with the trigger's name.
    ASSERT_EQ(run_blocking(a->claim_jobs({jobs[0]}, 1, false, 60s)).claimed.size(), 1u);
    EXPECT_EQ(run_blocking(b->trigger_job(jobs[0], "api", true)),
              job_trigger_result::already_running);
    ASSERT_TRUE(run_blocking(a->release_lease(jobs[0], 3600000ms, 0, std::nullopt, false)));
    EXPECT_TRUE(run_blocking(b->claim_jobs({jobs[0]}, 1, false, 60s)).claimed.empty());
    EXPECT_EQ(run_blocking(b->trigger_job(jobs[0], "api", true)), job_trigger_result::queued);
    EXPECT_EQ(run_blocking(a->trigger_job(jobs[0], "api", true)),
              job_trigger_result::already_queued);
    EXPECT_EQ(run_blocking(a->trigger_job({"nobody", inv::collector_kind::vms}, "api", true)),
              job_trigger_result::unknown_job);
    const auto claimed = run_blocking(b->claim_jobs({jobs[0]}, 1, true, 60s));
    ASSERT_EQ(claimed.claimed.size(), 1u);
    EXPECT_EQ(claimed.claimed[0].trigger, "api");
    EXPECT_TRUE(run_blocking(a->claim_jobs({jobs[0]}, 1, true, 60s)).claimed.empty());
    // read_jobs shows the live holder.
    const auto rows = run_blocking(a->read_jobs());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].lease_owner, std::optional<std::string>("b"));
    EXPECT_FALSE(rows[1].lease_owner);
}

TEST_F(job_board, NotificationsReachAListener) {
    auto a = instance("a");
    auto b = instance("b");
    std::atomic<int> heard{0};
    b->listen_jobs([&] { ++heard; });
    // The first call comes at once (connected: look for yourself).
    for (int i = 0; i < 100 && heard == 0; ++i)
        std::this_thread::sleep_for(20ms);
    const int before = heard;
    EXPECT_GE(before, 1);
    const auto jobs = enlist(*a); // enlisting notifies
    for (int i = 0; i < 100 && heard == before; ++i)
        std::this_thread::sleep_for(20ms);
    EXPECT_GT(heard.load(), before);
}

TEST_F(job_board, HeartbeatsTellLiveInstancesFromGoneOnes) {
    auto a = instance("a");
    auto b = instance("b");
    run_blocking(a->apply_tenants({}, {}, info("a", {})));
    run_blocking(b->apply_tenants({}, {}, info("b", {})));
    query("UPDATE cloudsync.instances SET heartbeat_at = now() - interval '2 minutes' "
          "WHERE id = 'b'");
    const auto beat = run_blocking(a->heartbeat(info("a", {})));
    EXPECT_EQ(beat.schema_version, known_schema_version());
    ASSERT_EQ(beat.instances.size(), 2u);
    for (const auto& one : beat.instances)
        EXPECT_EQ(one.live, one.id == "a") << one.id;
    run_blocking(a->deregister_instance());
    EXPECT_EQ(scalar("SELECT string_agg(id, ',') FROM cloudsync.instances"), "b");
    // A forgotten instance announces itself again with its next heartbeat.
    run_blocking(a->heartbeat(info("a", {})));
    EXPECT_EQ(scalar("SELECT string_agg(id, ',' ORDER BY id) FROM cloudsync.instances"), "a,b");
}

TEST_F(job_board, AnAccountALivePeerStillSyncsIsNotPurged) {
    auto a = instance("a");
    auto b = instance("b");
    auto both = std::vector<account_spec>{{"acct-a", "platform", inv::provider::azure},
                                          {"acct-b", "data", inv::provider::azure}};
    const std::vector<tenant_spec> tenants{{"platform", {}}, {"data", {}}};
    run_blocking(a->apply_tenants(tenants, both));
    sync({make_vms(0, 3)}, scope("acct-b", "data"));
    // b still has acct-b in its config (a rolling change): a lets go, the rows stay.
    run_blocking(
        b->apply_tenants(tenants, both, info("b", {{"acct-a", "platform"}, {"acct-b", "data"}})));
    run_blocking(a->apply_tenants(tenants, {both[0]}));
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE account = 'acct-b'"), "3");
    // b is gone (its heartbeat lapsed): the next apply removes the account.
    query("UPDATE cloudsync.instances SET heartbeat_at = now() - interval '2 minutes'");
    run_blocking(a->apply_tenants(tenants, {both[0]}));
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE account = 'acct-b'"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.accounts WHERE account = 'acct-b'"), "0");
}

} // namespace
} // namespace cloudsync::store::test
