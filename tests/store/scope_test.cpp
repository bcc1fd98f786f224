// Scopes and partial runs against real PostgreSQL: a failed scope's rows stay
// byte for byte (xmin/ctid), its would-be removals are not done, the other
// scopes commit, and the run records which scope failed and why.
#include "fixture.hpp"

#include "core/text.hpp"
#include "store/store_error.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

namespace cloudsync::store::test {
namespace {

// A VM of subscription `sub`.
inv::record vm_in(const std::string& sub, int i, const std::string& size = "Standard_B2s") {
    auto r = make_vm(i, size);
    r.native_id.replace(0, std::string("/subscriptions/s1").size(), "/subscriptions/" + sub);
    r.name = sub + "-vm" + std::to_string(i);
    return r;
}

std::vector<inv::record> vms_in(const std::string& sub, int from, int to) {
    std::vector<inv::record> out;
    for (int i = from; i < to; ++i)
        out.push_back(vm_in(sub, i));
    return out;
}

struct scoped_batch {
    std::string scope;
    std::vector<inv::record> records;
    std::string failure; // non-empty: the scope fails with it after writing
};

class Scopes : public store_test {
protected:
    inv::run_counts sync_scoped(const std::vector<scoped_batch>& parts, inv::run_id* id = nullptr) {
        return run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
            auto run = co_await db_->begin(scope());
            if (id)
                *id = run->id();
            for (const auto& part : parts) {
                auto sink = co_await run->open_scope(part.scope);
                co_await sink->write(part.records);
                if (part.failure.empty())
                    co_await sink->complete();
                else
                    co_await sink->fail(part.failure);
            }
            co_return co_await run->commit();
        }());
    }
    std::string dump_scope(const std::string& s) {
        std::string out;
        for (const auto& row : query("SELECT xmin::text, ctid::text, t::text FROM cloudsync.vms t "
                                     "WHERE scope = '" + s + "' ORDER BY native_id"))
            out += row[0].as<std::string>() + " " + row[1].as<std::string>() + " " +
                   row[2].as<std::string>() + "\n";
        return out;
    }
};

TEST_F(Scopes, RowsCarryTheirScope) {
    auto counts = sync_scoped({{"sub-a", vms_in("sub-a", 0, 5), ""},
                               {"sub-b", vms_in("sub-b", 0, 3), ""}});
    EXPECT_EQ(counts.added, 8);
    EXPECT_EQ(scalar("SELECT string_agg(scope || '=' || n, ',' ORDER BY scope) FROM "
                     "(SELECT scope, count(*) n FROM cloudsync.vms GROUP BY scope) s"),
              "sub-a=5,sub-b=3");
    EXPECT_EQ(scalar("SELECT count(DISTINCT scope) FROM cloudsync.resources"), "2");
    auto runs = run_blocking(db_->last_runs());
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, inv::run_status::succeeded);
    EXPECT_TRUE(runs[0].failed_scopes.empty());
}

TEST_F(Scopes, AScopeReadAsEmptyIsCompleteAndItsReasonKept) {
    sync_scoped({{"sub-a", vms_in("sub-a", 0, 2), ""}, {"sub-b", vms_in("sub-b", 0, 3), ""}});
    inv::run_id id = 0;
    const auto counts = run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
        auto run = co_await db_->begin(scope());
        id = run->id();
        auto a = co_await run->open_scope("sub-a");
        co_await a->write(vms_in("sub-a", 0, 2));
        co_await a->complete();
        auto b = co_await run->open_scope("sub-b");
        co_await b->complete_empty("403 SERVICE_DISABLED: the API is not enabled\nsecond line");
        co_return co_await run->commit();
    }());
    EXPECT_EQ(counts.removed, 3); // the scope has none of the kind: its rows go
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE scope = 'sub-b'"), "0");
    const auto record = run_blocking(db_->find(id));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, inv::run_status::succeeded);
    EXPECT_TRUE(record->failed_scopes.empty());
    ASSERT_EQ(record->empty_scopes.size(), 1u);
    EXPECT_EQ(record->empty_scopes[0].first, "sub-b");
    EXPECT_EQ(record->empty_scopes[0].second,
              "403 SERVICE_DISABLED: the API is not enabled second line"); // one line
    EXPECT_EQ(scalar("SELECT empty_scopes::text FROM cloudsync.sync_runs WHERE id = " +
                     std::to_string(id)),
              R"([{"scope": "sub-b", "reason": "403 SERVICE_DISABLED: the API is not enabled second line"}])");
    EXPECT_EQ(run_blocking(db_->last_runs())[0].empty_scopes.size(), 1u);
}

TEST_F(Scopes, FailedScopeIsUntouchedAndTheOthersCommit) {
    sync_scoped({{"sub-a", vms_in("sub-a", 0, 10), ""}, {"sub-b", vms_in("sub-b", 0, 10), ""}});
    auto b_before = dump_scope("sub-b");
    auto a_untouched = scalar("SELECT xmin::text || ctid::text FROM cloudsync.vms "
                              "WHERE name = 'sub-a-vm5'");

    auto a = vms_in("sub-a", 0, 9); // sub-a-vm9 removed
    a[1] = vm_in("sub-a", 1, "Standard_D4s");
    a.push_back(vm_in("sub-a", 20)); // added
    auto b = vms_in("sub-b", 0, 4);  // would remove 4..9
    b[1] = vm_in("sub-b", 1, "Standard_D4s");
    b.push_back(vm_in("sub-b", 30));
    inv::run_id id = 0;
    auto counts = sync_scoped({{"sub-a", a, ""}, {"sub-b", b, "403 Forbidden: no access"}}, &id);

    EXPECT_EQ(counts.seen, 10);
    EXPECT_EQ(counts.added, 1);
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(dump_scope("sub-b"), b_before); // byte for byte, same xmin and ctid
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'sub-a-vm1'"), "Standard_D4s");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE name IN ('sub-a-vm9')"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE name IN ('sub-a-vm20')"), "1");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE name = 'sub-b-vm30'"), "0");
    EXPECT_EQ(scalar("SELECT xmin::text || ctid::text FROM cloudsync.vms WHERE name = 'sub-a-vm5'"),
              a_untouched);
    EXPECT_EQ(scalar("SELECT string_agg(change || ':' || native_id, ',' ORDER BY change) FROM "
                     "cloudsync.changes WHERE run_id = " + std::to_string(id)),
              "added:" + vm_in("sub-a", 20).native_id + ",modified:" +
                  vm_in("sub-a", 1).native_id + ",removed:" + vm_in("sub-a", 9).native_id);

    auto record = run_blocking(db_->find(id));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, inv::run_status::partial);
    EXPECT_EQ(record->error, "1 of 2 subscriptions failed: sub-b: 403 Forbidden: no access");
    ASSERT_EQ(record->failed_scopes.size(), 1u);
    EXPECT_EQ(record->failed_scopes[0].first, "sub-b");
    EXPECT_EQ(record->failed_scopes[0].second, "403 Forbidden: no access");
    EXPECT_EQ(scalar("SELECT failed_scopes::text FROM cloudsync.sync_runs WHERE id = " +
                     std::to_string(id)),
              R"([{"error": "403 Forbidden: no access", "scope": "sub-b"}])");
    EXPECT_EQ(run_blocking(db_->last_runs())[0].status, inv::run_status::partial);

    // The next complete run applies what the failed one could not.
    auto next = sync_scoped({{"sub-a", a, ""}, {"sub-b", b, ""}});
    EXPECT_EQ(next.added, 1);
    EXPECT_EQ(next.modified, 1);
    EXPECT_EQ(next.removed, 6);
}

// A cloud's message may not be UTF-8 (a proxy's Latin-1 page) or be clipped in
// the middle of a character; PostgreSQL refuses such text, so the store repairs
// it rather than leave the run unfinished.
TEST_F(Scopes, AScopeErrorThatIsNotUtf8IsStoredRepaired) {
    inv::run_id id = 0;
    sync_scoped({{"sub-a", vms_in("sub-a", 0, 3), ""},
                 {"sub-b", vms_in("sub-b", 0, 3), "HTTP 502: Zugriff verweigert f\xfcr \xc3"}},
                &id);
    auto record = run_blocking(db_->find(id));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, inv::run_status::partial);
    const std::string repaired = "HTTP 502: Zugriff verweigert f\xEF\xBF\xBDr \xEF\xBF\xBD";
    ASSERT_EQ(record->failed_scopes.size(), 1u);
    EXPECT_EQ(record->failed_scopes[0].second, repaired);
    EXPECT_EQ(record->error, "1 of 2 subscriptions failed: sub-b: " + repaired);
}

// The run's one-line summary is clipped at 2,000 bytes between characters, so
// valid text stays valid wherever it is shown (sync_runs, /status, STATUS=).
TEST(FailedScopesSummary, IsClippedBetweenCharacters) {
    std::string error;
    for (int i = 0; i < 1500; ++i)
        error += "\xC3\xBC"; // ü
    const auto summary = inv::describe_failed_scopes(inv::provider::azure, {{"sub-b", error}}, 2);
    ASSERT_LE(summary.size(), 2000u);
    ASSERT_TRUE(summary.ends_with("..."));
    EXPECT_EQ(cloudsync::valid_utf8(summary), summary); // no character cut in two
    EXPECT_EQ(summary.size(), 1999u); // the cut half of a character given up, no more
}

TEST_F(Scopes, FailedScopeUndoesItsMarksForLaterScopes) {
    sync_scoped({{"sub-a", vms_in("sub-a", 0, 3), ""}});
    // sub-b fails after writing a new VM and a changed sub-a VM; sub-c then
    // writes the very same records: they must still be written (the failed
    // scope's "added"/"changed" marks were taken back).
    auto payload = vms_in("sub-x", 0, 2);
    payload.push_back(vm_in("sub-a", 1, "Standard_E8s"));
    auto counts = sync_scoped({{"sub-a", vms_in("sub-a", 0, 3), ""},
                               {"sub-b", payload, "503 after retries"},
                               {"sub-c", payload, ""}});
    EXPECT_EQ(counts.added, 2);
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(counts.seen, 6);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE name LIKE 'sub-x-%'"), "2");
    EXPECT_EQ(scalar("SELECT size || ' ' || scope FROM cloudsync.vms WHERE name = 'sub-a-vm1'"),
              "Standard_E8s sub-c");
}

TEST_F(Scopes, RowsOfUnknownScopeSurviveAPartialRun) {
    sync(vms_in("sub-b", 0, 5)); // written outside any scope (e.g. before scopes existed)
    auto before = dump_scope("");
    sync_scoped({{"sub-a", vms_in("sub-a", 0, 2), ""}, {"sub-b", {}, "403"}});
    EXPECT_EQ(dump_scope(""), before);
    // A complete run adopts them into their scope (a modification) ...
    auto counts = sync_scoped({{"sub-a", vms_in("sub-a", 0, 2), ""},
                               {"sub-b", vms_in("sub-b", 0, 4), ""}});
    EXPECT_EQ(counts.modified, 4);
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(scalar("SELECT fields::text FROM cloudsync.changes WHERE change = 'modified' "
                     "AND native_id = '" + vm_in("sub-b", 0).native_id + "'"),
              R"({"scope": {"new": "sub-b", "old": ""}})");
    // ... after which an unchanged resync writes nothing.
    auto again = sync_scoped({{"sub-a", vms_in("sub-a", 0, 2), ""},
                              {"sub-b", vms_in("sub-b", 0, 4), ""}});
    EXPECT_EQ(again.added + again.modified + again.removed, 0);
}

TEST_F(Scopes, MisuseIsAClearErrorAndTheRunCarriesOn) {
    std::vector<std::string> errors;
    auto counts = run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
        auto run = co_await db_->begin(scope());
        auto attempt = [&](auto op) -> boost::asio::awaitable<void> {
            try {
                co_await op();
            } catch (const store_error& e) {
                errors.push_back(e.what());
            }
        };
        auto done = co_await run->open_scope("sub-done");
        co_await done->complete();
        co_await attempt([&] { return done->complete(); });
        co_await attempt([&] { return done->fail("x"); });
        auto a = co_await run->open_scope("sub-a");
        co_await attempt([&]() -> boost::asio::awaitable<void> {
            co_await run->open_scope("sub-a");
        });
        co_await a->write(vms_in("sub-a", 0, 3));
        co_await a->complete();
        co_return co_await run->commit();
    }());
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_NE(errors[0].find("already ended"), std::string::npos) << errors[0];
    EXPECT_NE(errors[1].find("already ended"), std::string::npos) << errors[1];
    EXPECT_NE(errors[2].find("opened twice"), std::string::npos) << errors[2];
    EXPECT_EQ(counts.added, 3);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE scope = 'sub-a'"), "3");
}

TEST_F(Scopes, CommitWithAnOpenScopeFailsTheRun) {
    sync_scoped({{"sub-a", vms_in("sub-a", 0, 3), ""}});
    auto before = dump("vms");
    EXPECT_THROW(run_blocking([&]() -> boost::asio::awaitable<void> {
                     auto run = co_await db_->begin(scope());
                     auto sink = co_await run->open_scope("sub-a");
                     co_await sink->write(vms_in("sub-a", 5, 8));
                     co_await run->commit();
                 }()),
                 store_error);
    EXPECT_EQ(dump("vms"), before);
    EXPECT_EQ(run_blocking(db_->last_runs())[0].status, inv::run_status::failed);
}

TEST_F(Scopes, ScopesOneAfterAnotherMakeAPartialRun) {
    inv::run_id id = 0;
    auto counts = run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
        auto run = co_await db_->begin(scope());
        id = run->id();
        auto a = co_await run->open_scope("sub-a");
        co_await a->write(vms_in("sub-a", 0, 4));
        co_await a->complete();
        auto b = co_await run->open_scope("sub-b");
        co_await b->write(vms_in("sub-b", 0, 4));
        co_await b->fail("403");
        co_return co_await run->commit();
    }());
    EXPECT_EQ(counts.added, 4);
    EXPECT_EQ(counts.seen, 4);
    EXPECT_EQ(run_blocking(db_->find(id))->status, inv::run_status::partial);
}

TEST_F(Scopes, ConcurrentScopesInterleaveAndAFailedOneIsByteIdentical) {
    sync_scoped({{"sub-a", vms_in("sub-a", 0, 50), ""}, {"sub-b", vms_in("sub-b", 0, 50), ""}});
    auto b_before = dump_scope("sub-b");
    using namespace boost::asio::experimental::awaitable_operators;
    inv::run_id id = 0;
    auto counts = run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
        auto run = co_await db_->begin(scope());
        id = run->id();
        auto a = co_await run->open_scope("sub-a");
        auto b = co_await run->open_scope("sub-b");
        // Two coroutines on one executor, their writes interleaved.
        auto write_a = [&]() -> boost::asio::awaitable<void> {
            for (int i = 0; i < 60; i += 10) {
                auto batch = vms_in("sub-a", i, i + 10); // 50..59 added
                if (i == 0)
                    batch[3] = vm_in("sub-a", 3, "Standard_D4s");
                co_await a->write(std::move(batch));
                co_await boost::asio::post(co_await boost::asio::this_coro::executor,
                                           boost::asio::use_awaitable);
            }
            co_await a->complete();
        };
        auto write_b = [&]() -> boost::asio::awaitable<void> {
            for (int i = 0; i < 30; i += 10) { // would remove 30..49
                auto batch = vms_in("sub-b", i, i + 10);
                batch[0] = vm_in("sub-b", i, "Standard_E8s"); // would modify
                batch.push_back(vm_in("sub-b", 100 + i));     // would add
                co_await b->write(std::move(batch));
                co_await boost::asio::post(co_await boost::asio::this_coro::executor,
                                           boost::asio::use_awaitable);
            }
            co_await b->fail("429 after retries");
        };
        co_await (write_a() && write_b());
        co_return co_await run->commit();
    }());
    EXPECT_EQ(dump_scope("sub-b"), b_before); // same text, xmin and ctid
    EXPECT_EQ(counts.seen, 60);
    EXPECT_EQ(counts.added, 10);
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(counts.removed, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE scope = 'sub-a'"), "60");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes WHERE run_id = " +
                     std::to_string(id) + " AND native_id LIKE '/subscriptions/sub-b/%'"),
              "0");
    auto record = run_blocking(db_->find(id));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, inv::run_status::partial);
    EXPECT_EQ(record->error, "1 of 2 subscriptions failed: sub-b: 429 after retries");
}

TEST_F(Scopes, AScopeOpenedTwiceIsRefusedAndAnAbandonedOneFails) {
    inv::run_id id = 0;
    std::string error;
    auto counts = run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
        auto run = co_await db_->begin(scope());
        id = run->id();
        {
            auto a = co_await run->open_scope("sub-a");
            co_await a->write(vms_in("sub-a", 0, 5));
            try {
                co_await run->open_scope("sub-a");
            } catch (const store_error& e) {
                error = e.what();
            }
        } // destroyed without complete() or fail()
        auto b = co_await run->open_scope("sub-b");
        co_await b->write(vms_in("sub-b", 0, 3));
        co_await b->complete();
        EXPECT_THROW(co_await b->write(vms_in("sub-b", 5, 6)), store_error); // ended
        co_return co_await run->commit();
    }());
    EXPECT_NE(error.find("opened twice"), std::string::npos) << error;
    EXPECT_EQ(counts.added, 3);
    EXPECT_EQ(counts.seen, 3);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE scope = 'sub-a'"), "0");
    auto record = run_blocking(db_->find(id));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, inv::run_status::partial);
    ASSERT_EQ(record->failed_scopes.size(), 1u);
    EXPECT_EQ(record->failed_scopes[0].first, "sub-a");
    EXPECT_EQ(record->failed_scopes[0].second, "abandoned");
}

} // namespace
} // namespace cloudsync::store::test
