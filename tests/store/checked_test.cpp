// Records checked before they are built (inventory/content_check.hpp) against
// real PostgreSQL: a collector that asks the run's check sends an unchanged
// record as its key alone, and the run must treat it exactly as the record:
// seen, kept, never written; a record of the same run that differs wins.
#include "fixture.hpp"

#include <array>

namespace cloudsync::store::test {
namespace {

// What a collector would derive a VM's key from: its text and one joined input.
inv::content_key key_of(const inv::content_check& check, const inv::record& vm) {
    const auto& columns = std::get<inv::vm_columns>(vm.columns);
    const std::array<std::string_view, 2> parts{vm.raw, columns.size};
    return check.key(vm.native_id, parts);
}

struct checked_run {
    std::vector<inv::record> records;   // written, each with its key
    std::vector<inv::record> unchanged; // sent as keys (the check must hold them)
    std::vector<inv::record> later;     // written after the keys
    std::string scope = "sub-1";
};

class CheckedRuns : public store_test {
protected:
    // One run of `run`: records, then keys, then later records; commits.
    inv::run_counts sync_checked(checked_run run) {
        return run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
            auto r = co_await db_->begin(scope());
            auto sink = co_await r->open_scope(run.scope);
            auto check = sink->checker(inv::table::vms);
            if (!check)
                throw std::runtime_error("the store offers no check for vms");
            auto keyed = [&](std::vector<inv::record> records) {
                for (auto& rec : records)
                    rec.key = key_of(*check, rec);
                return records;
            };
            // Asked first, as a collector asks before it builds: the records
            // written next may change what the run holds.
            std::vector<inv::content_key> keys;
            for (const auto& rec : run.unchanged) {
                keys.push_back(key_of(*check, rec));
                if (!check->holds(keys.back()))
                    throw std::runtime_error("the check does not hold " + rec.name);
            }
            if (!run.records.empty())
                co_await sink->write(keyed(std::move(run.records)));
            if (!keys.empty())
                co_await sink->write_unchanged(inv::table::vms, std::move(keys));
            if (!run.later.empty())
                co_await sink->write(keyed(std::move(run.later)));
            co_await sink->complete();
            co_return co_await r->commit();
        }());
    }

    // Whether the check of a fresh run (scope `scope`) holds vm's key.
    bool holds(const inv::record& vm, const std::string& scope = "sub-1") {
        return run_blocking([&]() -> boost::asio::awaitable<bool> {
            auto r = co_await db_->begin(this->scope());
            auto sink = co_await r->open_scope(scope);
            auto check = sink->checker(inv::table::vms);
            const bool held = check && check->holds(key_of(*check, vm));
            co_await sink->complete();
            co_await r->fail(inv::run_status::cancelled, "only asked");
            co_return held;
        }());
    }
};

TEST_F(CheckedRuns, UnchangedKeysKeepEveryRowAndWriteNothing) {
    const auto first = sync_checked({make_vms(0, 100), {}, {}, "sub-1"});
    EXPECT_EQ(first.added, 100);
    const auto before = dump("vms");
    const auto changes_before = scalar("SELECT count(*) FROM cloudsync.changes");

    const auto again = sync_checked({{}, make_vms(0, 100), {}, "sub-1"});
    EXPECT_EQ(again.seen, 100);
    EXPECT_EQ(again.added + again.modified + again.removed, 0);
    EXPECT_EQ(dump("vms"), before); // same xmin and ctid: not one row rewritten
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes"), changes_before);
    EXPECT_EQ(scalar("SELECT seen FROM cloudsync.sync_runs ORDER BY id DESC LIMIT 1"), "100");
}

TEST_F(CheckedRuns, TheCheckHoldsOnlyTheStoredContentInTheStoredScope) {
    sync_checked({make_vms(0, 10), {}, {}, "sub-1"});
    EXPECT_TRUE(holds(make_vm(3)));
    EXPECT_FALSE(holds(make_vm(3, "Standard_D4s"))); // another content
    EXPECT_FALSE(holds(make_vm(3), "sub-2"));        // read in another scope
    EXPECT_FALSE(holds(make_vm(42)));                // not stored at all
}

TEST_F(CheckedRuns, RowsNeitherWrittenNorVouchedForAreRemoved) {
    sync_checked({make_vms(0, 100), {}, {}, "sub-1"});
    auto changed = make_vm(5, "Standard_D4s");
    const auto counts = sync_checked({{changed}, make_vms(10, 100), {}, "sub-1"});
    EXPECT_EQ(counts.seen, 91);
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(counts.removed, 9); // vm0..vm9 but vm5
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "91");
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'vm5'"), "Standard_D4s");
}

// The same VM twice in one run (a list that shifted while it was read), once
// unchanged and once not: the record that differs wins, whichever came first,
// and the next run finds exactly what was stored.
TEST_F(CheckedRuns, ARecordThatDiffersWinsOverAnUnchangedKeyOfTheSameRun) {
    sync_checked({make_vms(0, 10), {}, {}, "sub-1"});
    const auto counts = sync_checked({{make_vm(3, "Standard_D4s")}, make_vms(0, 10), {}, "sub-1"});
    EXPECT_EQ(counts.seen, 11);
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(counts.removed, 0);
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'vm3'"), "Standard_D4s");
    EXPECT_TRUE(holds(make_vm(3, "Standard_D4s")));

    auto stored = make_vms(0, 10);
    stored[3] = make_vm(3, "Standard_D4s");
    const auto reverse = sync_checked({{}, stored, {make_vm(4, "Standard_E2s")}, "sub-1"});
    EXPECT_EQ(reverse.modified, 1);
    EXPECT_EQ(reverse.removed, 0);
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'vm4'"), "Standard_E2s");
    EXPECT_TRUE(holds(make_vm(4, "Standard_E2s")));
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "10");
}

TEST_F(CheckedRuns, AKeyedRecordIsStoredUnderItsKey) {
    sync_checked({make_vms(0, 3), {}, {}, "sub-1"});
    // The stored hash is the collector's, not one the store made of the fields.
    EXPECT_TRUE(holds(make_vm(1)));
    auto renamed = make_vm(1);
    renamed.name = "not-in-the-key"; // a field outside key_of's parts
    EXPECT_TRUE(holds(renamed));
}

} // namespace
} // namespace cloudsync::store::test
