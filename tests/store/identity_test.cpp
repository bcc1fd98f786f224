// Change detection cannot be steered by cloud-side values (issue 7, item 4):
// the identity and content hashes a run compares are keyed with a secret of
// the database, so a resource name or tag crafted to collide with another
// row's hash neither keeps a deleted row alive nor hides a change. The pairs
// below collide under the unkeyed XXH64 that the store used before migration
// 0005 (forged by inverting its last rounds, a fraction of a second's work);
// with the keyed hashes they are ordinary distinct values.
#include "fixture.hpp"

#include "store/detail/keyed_hash.hpp"

namespace cloudsync::store::test {
namespace {

using Identity = store_test;

// Two native_ids and two tag sets with equal unkeyed XXH64.
constexpr const char* deleted_id = "/subscriptions/s1/virtualMachines/vm-old-deleted-vm-aaaaaaaaaa";
constexpr const char* crafted_id = "/subscriptions/s1/virtualMachines/vm-oldbdaifimf9sopt92naaaaaa";
constexpr const char* first_tags = R"({"owner": "alice", "note": "first value of the note"})";
constexpr const char* crafted_tags = R"({"owner": "alice", "note": "firs0fx50eycwundrpl4ote"})";

inv::record vm_with(const std::string& native_id, const std::string& tags) {
    auto r = make_vm(1);
    r.native_id = native_id;
    r.name = native_id.substr(native_id.rfind('/') + 1);
    r.raw = R"({"id":")" + native_id + R"("})";
    r.tags = tags;
    return r;
}

TEST_F(Identity, CraftedNameCannotKeepADeletedRowAlive) {
    sync({vm_with(deleted_id, "{}"), make_vm(2)});
    auto counts = sync({vm_with(crafted_id, "{}"), make_vm(2)});
    EXPECT_EQ(counts.added, 1);
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(scalar("SELECT string_agg(native_id, ' ' ORDER BY native_id) FROM cloudsync.vms "
                     "WHERE native_id LIKE '%vm-old%'"),
              crafted_id);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes WHERE change = 'removed' "
                     "AND native_id = '" +
                     std::string(deleted_id) + "'"),
              "1");
}

TEST_F(Identity, CraftedTagsCannotHideAChange) {
    sync({vm_with(deleted_id, first_tags)});
    auto counts = sync({vm_with(deleted_id, crafted_tags)});
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(scalar("SELECT tags->>'note' FROM cloudsync.vms"), "firs0fx50eycwundrpl4ote");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes WHERE change = 'modified'"), "1");
}

// The key is the database's own: readers cannot read it, so a tenant's analyst
// who also controls cloud-side names cannot compute collisions either.
TEST_F(Identity, HashKeyIsSecretToTheWriter) {
    EXPECT_EQ(scalar("SELECT length(key) FROM cloudsync.hash_key"), "32");
    EXPECT_EQ(scalar("SELECT count(*) FROM information_schema.role_table_grants "
                     "WHERE table_schema = 'cloudsync' AND table_name = 'hash_key' "
                     "AND grantee = 'PUBLIC'"),
              "0");
}

// The id_hash the daemon writes is the one migration 0005 computes in SQL for
// the rows that existed before it: one definition, two implementations.
TEST_F(Identity, StoredIdIsTheKeyedHashOfTheNativeId) {
    sync({vm_with(deleted_id, "{}"), vm_with("/ünïcode/ıd", "{}")});
    const auto key =
        detail::keyed_hash::from_hex(scalar("SELECT encode(key, 'hex') FROM cloudsync.hash_key"));
    for (const auto& row : query("SELECT native_id, id_hash::text FROM cloudsync.vms"))
        EXPECT_EQ(row[1].as<std::string>(), detail::to_uuid(key.id(row[0].as<std::string>())));
}

// A database written before 0005: its rows keep their identity (no row is
// added twice or removed) and their first_seen; the next run records no change.
using IdentityUpgrade = store_upgrade_test;

TEST_F(IdentityUpgrade, RowsWrittenBefore0005KeepTheirIdentity) {
    start_at(4);
    register_account("azure-prod", "platform");
    query("INSERT INTO cloudsync.vms (tenant, account, provider, native_id, id_hash, content_hash, "
          "name, region, tags, raw, first_seen, updated_at, scope) VALUES ('platform', "
          "'azure-prod', 'azure', '" +
          std::string(deleted_id) +
          "', 42, 7, 'old', 'westeurope', "
          "'{}', '{}', '2020-01-01', '2020-01-01', '')");
    run_blocking(db_->migrate());
    EXPECT_EQ(scalar("SELECT max(version) FROM cloudsync.schema_migrations"),
              std::to_string(known_schema_version()));

    auto counts = sync({vm_with(deleted_id, "{}")});
    EXPECT_EQ(counts.added, 0);
    EXPECT_EQ(counts.removed, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "1");
    EXPECT_EQ(scalar("SELECT first_seen::date::text FROM cloudsync.vms"), "2020-01-01");
    counts = sync({vm_with(deleted_id, "{}")});
    EXPECT_EQ(counts.added + counts.modified + counts.removed, 0);
}

} // namespace
} // namespace cloudsync::store::test
