// Metric samples against real PostgreSQL: overlapping windows never duplicate
// a sample, a metrics run deletes nothing, failed scopes discard their samples,
// retention removes exactly the old samples (and its cost on 2 million), and
// readers see only their tenant's samples.
#include "fixture.hpp"

#include "store/store_error.hpp"

#include <unistd.h>

#include <chrono>

namespace cloudsync::store::test {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::system_clock;

// One sample per minute from `from` (inclusive) for `minutes`, per VM and metric.
std::vector<inv::metric_sample> window(clock_type::time_point from, int minutes, int vms = 2) {
    std::vector<inv::metric_sample> out;
    for (int v = 0; v < vms; ++v)
        for (int m = 0; m < minutes; ++m) {
            auto ts = from + std::chrono::minutes(m);
            out.push_back({make_vm(v).native_id, "cpu_percent", "Percentage CPU", ts, 12.5 + m,
                           "percent"});
            out.push_back({make_vm(v).native_id, "", "Available Memory Bytes", ts, 1e9 + v, "bytes"});
        }
    return out;
}

class Samples : public store_test {
protected:
    inv::run_scope metrics_scope(const std::string& account = "azure-prod",
                                 const std::string& tenant = "platform") {
        auto s = scope(account, tenant);
        s.kind = inv::collector_kind::metrics;
        return s;
    }
    inv::run_counts write(std::vector<inv::metric_sample> samples,
                          inv::run_scope s = {}) {
        if (s.account.empty())
            s = metrics_scope();
        return run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
            auto run = co_await db_->begin(s);
            auto sink = co_await run->open_scope("");
            co_await sink->write_samples(std::move(samples));
            co_await sink->complete();
            co_return co_await run->commit();
        }());
    }
    // A whole minute, so windows line up and text comparisons are stable.
    clock_type::time_point start_ = std::chrono::floor<std::chrono::minutes>(clock_type::now()) - 2h;
};

TEST_F(Samples, OverlappingWindowsNeverDuplicate) {
    auto first = write(window(start_, 15));
    EXPECT_EQ(first.seen, 60);
    EXPECT_EQ(first.added, 60);
    auto second = write(window(start_ + 10min, 15)); // 5 minutes overlap
    EXPECT_EQ(second.seen, 60);
    EXPECT_EQ(second.added, 40);
    EXPECT_EQ(second.removed + second.modified, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.metric_samples"), "100");
    EXPECT_EQ(scalar("SELECT count(*) FROM (SELECT DISTINCT native_id, native_metric, ts FROM "
                     "cloudsync.metric_samples) d"),
              "100");
    // Duplicates inside one write are one sample too.
    auto twice = window(start_ + 30min, 1);
    auto copy = twice;
    twice.insert(twice.end(), copy.begin(), copy.end());
    EXPECT_EQ(write(twice).added, 4);
    auto row = query("SELECT provider, metric, unit, value, tenant, account FROM "
                     "cloudsync.metric_samples WHERE native_metric = 'Percentage CPU' "
                     "ORDER BY ts, native_id LIMIT 1");
    ASSERT_EQ(row.size(), 1u);
    EXPECT_EQ(row[0][0].as<std::string>(), "azure");
    EXPECT_EQ(row[0][1].as<std::string>(), "cpu_percent");
    EXPECT_EQ(row[0][2].as<std::string>(), "percent");
    EXPECT_EQ(row[0][3].as<double>(), 12.5);
    EXPECT_EQ(row[0][4].as<std::string>() + "/" + row[0][5].as<std::string>(),
              "platform/azure-prod");
    EXPECT_EQ(scalar("SELECT metric FROM cloudsync.metric_samples WHERE native_metric = "
                     "'Available Memory Bytes' LIMIT 1"),
              "");
    auto runs = run_blocking(db_->last_runs());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].scope.kind, inv::collector_kind::metrics);
    EXPECT_EQ(runs[0].status, inv::run_status::succeeded);
}

TEST_F(Samples, MetricsRunDeletesNothingAndRefusesRecords) {
    sync(make_vms(0, 10));
    auto vms = dump("vms");
    write(window(start_, 3));
    EXPECT_EQ(dump("vms"), vms);
    EXPECT_THROW(sync({make_vms(0, 1)}, metrics_scope()), store_error);
    EXPECT_EQ(dump("vms"), vms);
}

TEST_F(Samples, BadSamplesFailTheRunClearly) {
    auto bad = window(start_, 2);
    bad[1].metric = "cpu";
    try {
        write(bad);
        FAIL() << "accepted an unknown normalized metric";
    } catch (const store_error& e) {
        EXPECT_NE(std::string(e.what()).find("unknown normalized metric 'cpu'"),
                  std::string::npos)
            << e.what();
    }
    bad = window(start_, 2);
    bad[0].native_metric.clear();
    EXPECT_THROW(write(bad), store_error);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.metric_samples"), "0");
}

TEST_F(Samples, FailedScopeDiscardsItsSamples) {
    auto counts = run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
        auto run = co_await db_->begin(metrics_scope());
        auto a = co_await run->open_scope("sub-a");
        auto b = co_await run->open_scope("sub-b"); // both open at once
        auto other = window(start_, 5, 3);
        co_await b->write_samples(std::vector(other.begin() + 10, other.end()));
        co_await a->write_samples(window(start_, 5, 1));
        co_await b->fail("metrics:getBatch 500");
        co_await a->complete();
        co_return co_await run->commit();
    }());
    EXPECT_EQ(counts.seen, 10);
    EXPECT_EQ(counts.added, 10);
    EXPECT_EQ(scalar("SELECT count(DISTINCT native_id) FROM cloudsync.metric_samples"), "1");
    EXPECT_EQ(run_blocking(db_->last_runs())[0].status, inv::run_status::partial);
}

TEST_F(Samples, SamplesOfManyDaysGetTheirPartitions) {
    auto old = clock_type::now() - 24h * 40;
    auto samples = window(old, 2, 1);
    auto recent = window(start_, 2, 1);
    samples.insert(samples.end(), recent.begin(), recent.end());
    EXPECT_EQ(write(samples).added, 8);
    EXPECT_GE(std::stoi(scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = "
                               "'cloudsync.metric_samples'::regclass")),
              2);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.metric_samples"), "8");
}

TEST_F(Samples, RetentionRemovesExactlyTheOldSamples) {
    // One sample an hour for 40 days, each half an hour off the hour, so none
    // sits within a second of the cutoff (now - 30 days).
    auto now = std::chrono::floor<std::chrono::hours>(clock_type::now()) + 1h;
    std::vector<inv::metric_sample> samples;
    for (int h = 0; h < 40 * 24; ++h)
        samples.push_back({"vm-a", "cpu_percent", "Percentage CPU", now - std::chrono::hours(h) -
                               30min, static_cast<double>(h), "percent"});
    ASSERT_EQ(write(samples).added, 960);
    auto cutoff = "now() - interval '30 days'";
    auto keep = scalar(std::string("SELECT count(*) FROM cloudsync.metric_samples WHERE ts >= ") +
                       cutoff);
    // The boundary day's samples older than the cutoff: none in the first
    // half hour after midnight UTC (the day's first sample is at 00:30).
    const auto boundary = std::stoi(scalar(
        std::string("SELECT count(*) FROM cloudsync.metric_samples WHERE ts < ") + cutoff +
        " AND ts >= date_trunc('day', (" + cutoff + ") AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"));
    auto partitions_before = std::stoi(scalar(
        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'cloudsync.metric_samples'::regclass"));
    auto result = run_blocking(db_->apply_retention(std::chrono::hours(24 * 30)));
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.metric_samples"), keep);
    EXPECT_EQ(scalar(std::string("SELECT count(*) FROM cloudsync.metric_samples WHERE ts < ") +
                     cutoff),
              "0");
    EXPECT_GE(result.partitions_dropped, 9);
    EXPECT_LE(result.partitions_dropped, 11);
    EXPECT_EQ(result.rows_deleted, boundary);
    EXPECT_LT(result.rows_deleted, 25);
    auto partitions_after = std::stoi(scalar(
        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'cloudsync.metric_samples'::regclass"));
    EXPECT_LE(partitions_after, partitions_before - result.partitions_dropped + 2); // + ahead
    EXPECT_EQ(scalar("SELECT count(*) FROM pg_class WHERE relname ~ '^metric_samples_p' AND "
                     "relkind = 'r' AND NOT relispartition"),
              "0"); // nothing left detached
    // Again: nothing more to remove; partitions for tomorrow exist ahead.
    auto again = run_blocking(db_->apply_retention(std::chrono::hours(24 * 30)));
    EXPECT_EQ(again.partitions_dropped, 0);
    EXPECT_LE(again.rows_deleted, 1);
    EXPECT_EQ(scalar("SELECT to_regclass('cloudsync.metric_samples_p' || to_char((now() AT TIME "
                     "ZONE 'UTC')::date + 2, 'YYYYMMDD')) IS NOT NULL"),
              "t");
    EXPECT_THROW(run_blocking(db_->apply_retention(std::chrono::seconds(0))), store_error);
}

TEST_F(Samples, ReadersSeeOnlyTheirTenantsSamples) {
    auto suffix = std::to_string(::getpid()) + "_" + db_info_.name;
    auto reader_a = "samples_a_" + suffix;
    auto& cluster = cloudsync::test::pg_cluster::instance();
    cluster.create_role(reader_a, true);
    run_blocking(db_->apply_tenants({{"ta", {reader_a}}, {"tb", {}}},
                                    {{"acct-a", "ta", inv::provider::azure},
                                     {"acct-b", "tb", inv::provider::azure}}));
    write(window(start_, 4), metrics_scope("acct-a", "ta"));
    write(window(start_, 6), metrics_scope("acct-b", "tb"));
    pqxx::connection conn(cluster.dsn(db_info_.name, reader_a));
    {
        pqxx::work tx(conn);
        auto row = tx.exec1("SELECT count(*), count(*) FILTER (WHERE tenant <> 'ta') "
                            "FROM cloudsync.metric_samples");
        EXPECT_EQ(row[0].as<int>(), 16);
        EXPECT_EQ(row[1].as<int>(), 0);
    }
    // A partition read directly is refused (no grant), not a way around the policy.
    auto partition = scalar("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON "
                            "c.oid = i.inhrelid WHERE i.inhparent = "
                            "'cloudsync.metric_samples'::regclass LIMIT 1");
    pqxx::work tx(conn);
    EXPECT_THROW(tx.exec("SELECT count(*) FROM cloudsync." + partition), pqxx::sql_error);
}

// Not a pass/fail bound: prints what retention costs on 2 million samples
// (30 days x 66,667 a day), and what a plain DELETE of the same age costs.
TEST_F(Samples, RetentionCostOnTwoMillionSamples) {
    query("SELECT cloudsync.ensure_metric_partitions(ARRAY(SELECT current_date - i FROM "
          "generate_series(0, 30) i))");
    auto timed = [](auto fn) {
        auto t0 = std::chrono::steady_clock::now();
        fn();
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    double load = timed([&] {
        query("INSERT INTO cloudsync.metric_samples (tenant, account, provider, native_id, "
              "native_metric, metric, ts, value, unit) SELECT 'platform', 'azure-prod', 'azure', "
              "'vm-' || (i % 1000), 'Percentage CPU', 'cpu_percent', "
              "now() - (i * interval '1296 milliseconds'), i, 'percent' "
              "FROM generate_series(1, 2000000) i");
    });
    {
        pqxx::connection conn(db_info_.dsn);
        pqxx::nontransaction tx(conn);
        tx.exec0("VACUUM ANALYZE cloudsync.metric_samples");
    }
    auto expired = std::stol(scalar("SELECT count(*) FROM cloudsync.metric_samples WHERE ts < "
                                    "now() - interval '10 days'"));
    // The cutoff is taken before the call: apply_retention's own cutoff is at
    // least this late, so nothing older may remain (a cutoff recomputed after the
    // call would move past samples 1.3 ms apart and count them).
    const auto cutoff = scalar("SELECT (now() - interval '10 days')::text");
    retention_result result;
    double retention = timed([&] {
        result = run_blocking(db_->apply_retention(std::chrono::hours(24 * 10)));
    });
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.metric_samples WHERE ts < '" + cutoff +
                     "'::timestamptz"),
              "0");
    long deleted = 0;
    double plain = timed([&] {
        deleted = query("DELETE FROM cloudsync.metric_samples WHERE ts < now() - interval '5 days'")
                      .affected_rows();
    });
    std::printf("[ retention] 2M samples (load %.1fs): apply_retention(10d) removed %ld samples "
                "(%lld partitions + %lld boundary rows) in %.3fs; a plain DELETE of %ld samples "
                "took %.3fs (%.0f rows/s)\n",
                load, expired, static_cast<long long>(result.partitions_dropped),
                static_cast<long long>(result.rows_deleted), retention, deleted, plain,
                deleted / plain);
    EXPECT_GE(result.partitions_dropped, 19);
}

} // namespace
} // namespace cloudsync::store::test
