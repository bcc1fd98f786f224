// The collection engine against cloudsim with several subscriptions: scopes
// read at the same time up to the limit, a failing scope beside running ones,
// an auth failure in mid-walk, the next page requested before the current one
// is written, parsing on a thread pool, duplicate subscriptions, the module,
// and the ARM throttle keeping a crawl under cloudsim's subscription read limit.
#include "auth/error.hpp"
#include "cloudsim/inventory.hpp"
#include "collectors/azure/module.hpp"
#include "collectors/azure/storage_collector.hpp"
#include "collectors/azure/vm_collector.hpp"
#include "collectors/errors.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <cstdio>

namespace cloudsync::collectors::azure {
namespace {

namespace asio = boost::asio;

// Authorizes through the real credential until `budget` calls have been made,
// then throws auth_error, as a credential whose secret was revoked mid-run.
class revoked_after final : public auth::authorizer {
public:
    revoked_after(std::shared_ptr<auth::authorizer> inner, int budget)
        : inner_(std::move(inner)), budget_(budget) {}
    asio::awaitable<http::request> authorize(http::request req) override {
        if (budget_-- <= 0)
            throw auth::auth_error("AADSTS7000222: the client secret has expired");
        co_return co_await inner_->authorize(std::move(req));
    }
    void invalidate() noexcept override { inner_->invalidate(); }

private:
    std::shared_ptr<auth::authorizer> inner_;
    int budget_;
};

class EngineSim : public test::sim_fixture {
protected:
    EngineSim() : sim_fixture(make_options()) {}

    static cloudsim::options make_options() {
        auto o = options(5);
        o.inventory.subscriptions = 6;
        o.inventory.vms_per_subscription = 60;
        o.inventory.storage_accounts_per_subscription = 4;
        o.inventory.containers_per_storage_account = 3;
        o.page_size = 20;
        o.subscription_page_size = 4;
        return o;
    }

    common::engine_context engine(std::size_t limit) {
        common::engine_context e;
        e.http = http_client;
        e.scope_concurrency = limit;
        return e;
    }

    vm_collector make_vms(std::size_t limit, std::vector<std::string> subscriptions = {},
                          std::shared_ptr<auth::authorizer> creds = nullptr) {
        vm_collector_options o;
        o.management_endpoint = sim.base_url();
        o.subscriptions = std::move(subscriptions);
        o.batch_size = 20;
        return vm_collector(engine(limit), creds ? creds : credential, o);
    }

    std::shared_ptr<test::recording_sink> collect(collector& c) {
        auto sink = std::make_shared<test::recording_sink>(20);
        test::run_coroutine(io, c.collect(sink));
        return sink;
    }
};

TEST_F(EngineSim, ScopesAreReadAtTheSameTimeUpToTheLimit) {
    auto wide = make_vms(8);
    const auto all = collect(wide);
    EXPECT_EQ(all->completed_scopes.size(), 6u);
    EXPECT_GT(all->max_open, 1u);
    EXPECT_EQ(all->records.size(), sim.inventory_snapshot()->live_vms_total());

    auto narrow = make_vms(2);
    const auto two = collect(narrow);
    EXPECT_EQ(two->max_open, 2u);
    EXPECT_EQ(two->completed_scopes.size(), 6u);
    EXPECT_EQ(two->records.size(), all->records.size());

    auto one = make_vms(1);
    EXPECT_EQ(collect(one)->max_open, 1u);
}

TEST_F(EngineSim, AFailingScopeEndsAloneWhileOthersRun) {
    const auto inv = sim.inventory_snapshot();
    const auto denied = inv->subscription_id(3);
    // Slow the others down so that they are in flight when the 403 comes.
    sim.add_fault({cloudsim::fault_kind::delay, "virtualMachines", 6, 0, std::chrono::seconds(1),
                   std::chrono::milliseconds(50)});
    sim.add_fault({cloudsim::fault_kind::forbidden, denied + "/", 1000});
    auto c = make_vms(8);
    const auto sink = collect(c);
    EXPECT_GT(sink->max_open, 1u);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, denied);
    EXPECT_EQ(sink->completed_scopes.size(), 5u);
    EXPECT_TRUE(sink->abandoned_scopes.empty());
    for (const auto& [id, scope] : sink->scope_of)
        EXPECT_NE(scope, denied) << id;
    EXPECT_EQ(sink->records.size(), inv->live_vms_total() - inv->live_vms(3));
}

TEST_F(EngineSim, AnAuthFailureInMidWalkFailsTheCollectionAndLeavesNoScopeOpen) {
    // Enough for the listing and a few requests, not for six subscriptions.
    auto revoked = std::make_shared<revoked_after>(credential, 8);
    auto c = make_vms(8, {}, revoked);
    auto sink = std::make_shared<test::recording_sink>(20);
    EXPECT_THROW(test::run_coroutine(io, c.collect(sink)), auth::auth_error);
    EXPECT_TRUE(sink->open.empty());
    EXPECT_GT(sink->opened.size(), 0u);
    EXPECT_EQ(sink->completed_scopes.size() + sink->failed_scopes.size() +
                  sink->abandoned_scopes.size(),
              sink->opened.size());
    EXPECT_TRUE(sink->failed_scopes.empty()); // auth is not a scope's failure
    // Nothing keeps running after collect() threw.
    const auto after = sim.stats().requests_total;
    io.restart();
    io.run_for(std::chrono::milliseconds(100));
    EXPECT_EQ(sim.stats().requests_total, after);
}

asio::awaitable<void> wait_for_requests(const cloudsim::server& sim, std::string route,
                                        std::uint64_t at_least, bool& timed_out) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (sim.stats().count(route) < at_least) {
        if (std::chrono::steady_clock::now() > deadline) {
            timed_out = true;
            co_return;
        }
        timer.expires_after(std::chrono::milliseconds(1));
        co_await timer.async_wait(asio::use_awaitable);
    }
}

// A write of page n's records is held until the server has seen the request
// for page n + 1: without the pager's prefetch this would time out.
TEST_F(EngineSim, TheNextPageIsRequestedBeforeTheCurrentOneIsWritten) {
    const auto inv = sim.inventory_snapshot();
    const auto subscription = inv->subscription_id(0);
    const auto pages = (inv->live_vms(0) + 19) / 20;
    ASSERT_GE(pages, 3u);
    auto c = make_vms(1, {subscription});
    auto sink = std::make_shared<test::recording_sink>(20);
    bool timed_out = false;
    std::uint64_t writes = 0;
    sink->before_write = [&](const std::string&) -> asio::awaitable<void> {
        ++writes; // batch size = page size: write n comes while page n is read
        if (writes < pages)
            co_await wait_for_requests(sim, "virtualMachines", writes + 1, timed_out);
    };
    test::run_coroutine(io, c.collect(sink));
    EXPECT_FALSE(timed_out);
    EXPECT_EQ(sink->records.size(), inv->live_vms(0));
    EXPECT_EQ(writes, pages); // the last one is the final flush
}

TEST_F(EngineSim, PagesAreParsedOnThePoolWithTheSameRecords) {
    auto inline_parse = make_vms(8);
    const auto expected = collect(inline_parse);
    asio::thread_pool pool(2);
    auto e = engine(8);
    e.parse_executor = pool.get_executor();
    vm_collector_options o;
    o.management_endpoint = sim.base_url();
    o.batch_size = 20;
    vm_collector pooled(e, credential, o);
    const auto sink = collect(pooled);
    ASSERT_EQ(sink->records.size(), expected->records.size());
    for (const auto& [id, rec] : expected->records) {
        const auto it = sink->records.find(id);
        ASSERT_NE(it, sink->records.end()) << id;
        EXPECT_EQ(it->second.raw, rec.raw);
        EXPECT_EQ(std::get<inventory::vm_columns>(it->second.columns).public_ips,
                  std::get<inventory::vm_columns>(rec.columns).public_ips);
    }
    pool.join();
}

TEST_F(EngineSim, DuplicateSubscriptionsAreOneScope) {
    const auto inv = sim.inventory_snapshot();
    auto upper = inv->subscription_id(1);
    for (auto& ch : upper)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    auto c = make_vms(8, {inv->subscription_id(1), inv->subscription_id(2), upper,
                          inv->subscription_id(2)});
    const auto sink = collect(c);
    EXPECT_EQ(sink->opened.size(), 2u);
    EXPECT_EQ(sink->records.size(), inv->live_vms(1) + inv->live_vms(2));
}

TEST_F(EngineSim, StorageListsContainersOfSeveralAccountsAtOnce) {
    storage_collector_options o;
    o.management_endpoint = sim.base_url();
    o.batch_size = 20;
    storage_collector c(engine(8), credential, o);
    const auto sink = collect(c);
    EXPECT_EQ(sink->completed_scopes.size(), 6u);
    EXPECT_GT(sink->count(inventory::table::storage), 0u);
    EXPECT_TRUE(sink->failed_scopes.empty());
}

TEST_F(EngineSim, TheModuleMakesEveryAzureKind) {
    azure_module_options o;
    o.management_endpoint = sim.base_url();
    o.metrics_endpoint = sim.base_url() + "/{region}";
    o.arm_credentials = credential;
    o.metrics_credentials = credential;
    azure_module module(engine(8), o);
    EXPECT_EQ(module.cloud(), inventory::provider::azure);
    for (const auto kind : inventory::all_collector_kinds)
        EXPECT_NE(module.make(kind), nullptr) << inventory::to_string(kind);
    auto vms = module.make(inventory::collector_kind::vms);
    auto sink = std::make_shared<test::recording_sink>(1000); // the default batch size
    test::run_coroutine(io, vms->collect(sink));
    EXPECT_EQ(sink->records.size(), sim.inventory_snapshot()->live_vms_total());

    o.subscriptions = {"not-a-guid!"};
    EXPECT_THROW(azure_module(engine(8), o), options_error);
}

// ARM's subscription read limit, made small: a bucket of 20 reads per
// subscription, `refill` back a second (20 unless said), and pages of 4, so
// that reading a subscription's VMs (about 40 list pages of VMs, NICs and
// public IPs) takes about twice what its bucket holds. The VMs are read
// through the azure module, whose ARM throttle has `settings`.
class EngineThrottleSim : public EngineSim {
protected:
    static constexpr std::uint32_t bucket = 20;

    std::shared_ptr<test::recording_sink> crawl(common::throttle_settings settings,
                                                std::vector<std::string> subscriptions,
                                                double refill = 20.0) {
        sim.set_page_size(4);
        sim.set_read_rate_limit({bucket, refill}); // every bucket full again
        sim.reset_stats();
        auto e = engine(8);
        e.throttle = settings;
        azure_module_options o;
        o.management_endpoint = sim.base_url();
        o.subscriptions = std::move(subscriptions);
        o.arm_credentials = credential;
        azure_module module(e, o);
        auto vms = module.make(inventory::collector_kind::vms);
        auto sink = std::make_shared<test::recording_sink>(1000); // the default batch size
        const auto started = std::chrono::steady_clock::now();
        test::run_coroutine(io, vms->collect(sink));
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        std::printf("[throttle %s] %llu reads in %.2f s, %llu refused with 429\n",
                    settings.enabled ? "on" : "off", static_cast<unsigned long long>(reads()),
                    took.count(), static_cast<unsigned long long>(sim.stats().rate_limited));
        return sink;
    }

    std::uint64_t reads() const {
        const auto stats = sim.stats();
        return stats.count("virtualMachines") + stats.count("networkInterfaces") +
               stats.count("publicIPAddresses");
    }

    // Spaces a subscription's reads once fewer than 5 are left, refill_window /
    // remaining apart: 100 ms at 5 left, 500 ms at 1.
    static common::throttle_settings throttle_on() {
        common::throttle_settings t;
        t.low_watermark = 5;
        t.refill_window = std::chrono::milliseconds(500);
        t.max_delay = std::chrono::seconds(1);
        return t;
    }
};

TEST_F(EngineThrottleSim, TheThrottleKeepsEverySubscriptionUnderTheReadLimit) {
    const auto inv = sim.inventory_snapshot();
    const auto one = crawl(throttle_on(), {inv->subscription_id(0)});
    EXPECT_EQ(one->records.size(), inv->live_vms(0));
    EXPECT_EQ(one->completed_scopes.size(), 1u);
    EXPECT_GT(reads(), bucket) << "the crawl must need more reads than the bucket holds";
    EXPECT_EQ(sim.stats().rate_limited, 0u);
    EXPECT_EQ(sim.stats().throttled, 0u);

    const auto all = crawl(throttle_on(), {});
    EXPECT_EQ(all->records.size(), inv->live_vms_total());
    EXPECT_EQ(all->completed_scopes.size(), 6u);
    EXPECT_TRUE(all->failed_scopes.empty());
    EXPECT_GT(reads(), 6 * bucket);
    EXPECT_EQ(sim.stats().rate_limited, 0u);
    EXPECT_EQ(sim.stats().throttled, 0u);
}

// The control: the same crawl without the throttle runs into the limit, and
// the HTTP client's retries (Retry-After) still bring every VM in. The refill
// is slower here (5 a second: a subscription's ~40 reads would need 4 s to
// stay under it), so that a crawl slowed down by a sanitizer (1.3 s under
// TSan, which kept up with 20 a second) still outruns it.
TEST_F(EngineThrottleSim, WithoutTheThrottleTheSameCrawlIsRefusedAndRetried) {
    const auto inv = sim.inventory_snapshot();
    auto off = throttle_on();
    off.enabled = false;
    const auto all = crawl(off, {}, 5.0);
    EXPECT_EQ(all->records.size(), inv->live_vms_total());
    EXPECT_EQ(all->completed_scopes.size(), 6u);
    EXPECT_TRUE(all->failed_scopes.empty());
    EXPECT_GT(sim.stats().rate_limited, 0u);
}

} // namespace
} // namespace cloudsync::collectors::azure
