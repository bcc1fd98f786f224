// Pure parts of the store: the hash, COPY text, address normalization, the
// store thread's queue.
#include "store/detail/connect.hpp"
#include "store/detail/content_index.hpp"
#include "store/detail/copy_text.hpp"
#include "store/detail/keyed_hash.hpp"
#include "store/detail/record_hash.hpp"
#include "store/detail/worker.hpp"
#include "store/migrations.hpp"
#include "store/store_error.hpp"

#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include <array>
#include <future>
#include <initializer_list>
#include <mutex>
#include <string>
#include <vector>

namespace cloudsync::store::detail {
namespace {

// Small integers as row ids: hi and lo alike, so low bits collide as the
// numbers do.
row_id id(std::uint64_t n) {
    return {n, n};
}

// Loads (id(n), content) pairs as a run's begin does, then seals.
void load(content_index& index,
          std::initializer_list<std::pair<std::uint64_t, std::uint64_t>> rows) {
    for (const auto& [n, content] : rows)
        index.add_loaded(id(n), content);
    index.seal();
}

std::array<unsigned char, keyed_hash::key_size> test_key(unsigned char first) {
    std::array<unsigned char, keyed_hash::key_size> key{};
    for (std::size_t i = 0; i < key.size(); ++i)
        key[i] = static_cast<unsigned char>(first + i);
    return key;
}

TEST(KeyedHash, IdIsTheFirst128BitsOfHmacSha256) {
    const auto key = test_key(1);
    const keyed_hash hash(key);
    for (std::string message : {std::string(), std::string("a"), std::string(200, 'x'),
                                std::string("/subscriptions/s1/virtualMachines/vm1")}) {
        unsigned char expected[32];
        unsigned int size = 0;
        HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), expected,
             &size);
        const auto got = hash.id(message);
        std::uint64_t hi = 0, lo = 0;
        for (int i = 0; i < 8; ++i) {
            hi = hi << 8 | expected[i];
            lo = lo << 8 | expected[8 + i];
        }
        EXPECT_EQ(got.hi, hi) << message;
        EXPECT_EQ(got.lo, lo) << message;
    }
    EXPECT_NE(keyed_hash(test_key(2)).id("a"), hash.id("a")); // another database, other ids
}

// The stored content hashes stay comparable only while the message is exactly
// the length-prefixed fields one after another, however they are fed.
TEST(KeyedHash, ContentIsHmacOfTheLengthPrefixedFields) {
    const auto key = test_key(3);
    const keyed_hash hash(key);
    keyed_hash::content content;
    const std::vector<std::string> fields{"",
                                          "a",
                                          std::string(250, 'b'),
                                          std::string(256, 'c'),
                                          std::string(3000, 'd'),
                                          "e",
                                          std::string(70, 'f')};
    for (std::size_t count = 0; count <= fields.size(); ++count) {
        std::string message;
        const auto append_number = [&](std::uint64_t n) {
            for (int i = 0; i < 8; ++i)
                message += static_cast<char>(n >> (8 * i));
        };
        content.begin(hash);
        for (std::size_t i = 0; i < count; ++i) {
            content.add(fields[i]);
            append_number(fields[i].size());
            message += fields[i];
            content.add(std::uint64_t{i * 1000 + 7});
            append_number(i * 1000 + 7);
        }
        unsigned char expected[32];
        unsigned int size = 0;
        HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), expected,
             &size);
        std::uint64_t first = 0;
        for (int i = 0; i < 8; ++i)
            first = first << 8 | expected[i];
        EXPECT_EQ(content.value(), first) << count << " fields";
    }
}

TEST(KeyedHash, KeyMustHave32Bytes) {
    EXPECT_THROW(keyed_hash(std::span<const unsigned char>(test_key(0).data(), 16)), store_error);
    EXPECT_THROW(keyed_hash::from_hex("00ff"), store_error);
    EXPECT_THROW(keyed_hash::from_hex(std::string(64, 'g')), store_error);
    EXPECT_EQ(keyed_hash::from_hex(std::string(64, 'a')).id("x"),
              keyed_hash(std::array<unsigned char, 32>{
                             0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
                             0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
                             0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa})
                  .id("x"));
}

TEST(KeyedHash, UuidTextRoundTrips) {
    const row_id value{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
    EXPECT_EQ(to_uuid(value), "01234567-89ab-cdef-fedc-ba9876543210");
    EXPECT_EQ(parse_uuid("01234567-89AB-cdef-fedc-ba9876543210"), value);
    EXPECT_THROW(parse_uuid("01234567-89ab-cdef-fedc-ba987654321"), store_error);
    EXPECT_THROW(parse_uuid("01234567-89ab-cdef-fedc-ba98765432100"), store_error);
    EXPECT_THROW(parse_uuid("0123456789abcdef-fedc-ba9876543210---"), store_error);
    EXPECT_THROW(parse_uuid("01234567-89ab-cdef-fedc-ba987654321x"), store_error);
    // Any one character wrong, anywhere, is refused.
    const std::string good = "01234567-89ab-cdef-fedc-ba9876543210";
    for (std::size_t at = 0; at < good.size(); ++at)
        for (const char wrong : {'g', '-', ' ', '\0'}) {
            if (good[at] == wrong)
                continue;
            auto text = good;
            text[at] = wrong;
            EXPECT_THROW(parse_uuid(text), store_error) << text;
        }
}

TEST(CopyText, EscapesSpecialCharacters) {
    std::string out;
    append_escaped(out, "a\tb\nc\\d\re");
    EXPECT_EQ(out, "a\\tb\\nc\\\\d\\re");
    out.clear();
    append_array(out, {"x\"y", "z\\w"});
    EXPECT_EQ(out, R"({"x\\"y","z\\\\w"})");
}

TEST(CopyText, NormalizesAddresses) {
    EXPECT_EQ(normalize_inet("10.0.0.1"), "10.0.0.1");
    EXPECT_EQ(normalize_inet("2001:DB8::1"), "2001:db8::1");
    EXPECT_EQ(normalize_inet("not-an-ip"), std::nullopt);
    EXPECT_EQ(normalize_inet("10.0.0.1/33"), std::nullopt);
    EXPECT_EQ(normalize_cidr("10.1.2.3/16"), "10.1.0.0/16");
    EXPECT_EQ(normalize_cidr("10.1.2.3"), "10.1.2.3/32");
    EXPECT_EQ(normalize_cidr("2001:db8::ff/64"), "2001:db8::/64");
}

TEST(ContentIndex, ClassifiesAndTracksUnseen) {
    content_index index;
    load(index, {{5, 50}, {1, 10}, {3, 30}});
    content_index::journal log;
    EXPECT_EQ(index.classify(id(1), 10, log), verdict::unchanged);
    EXPECT_TRUE(log.empty()); // unchanged records log nothing
    EXPECT_EQ(index.classify(id(3), 31, log), verdict::changed);
    EXPECT_EQ(index.classify(id(3), 31, log), verdict::unchanged); // duplicate, same content
    EXPECT_EQ(index.classify(id(7), 70, log), verdict::added);
    EXPECT_EQ(index.classify(id(7), 70, log), verdict::unchanged);
    EXPECT_EQ(index.classify(id(7), 71, log), verdict::changed); // duplicate new id: last wins
    EXPECT_EQ(index.unseen(), std::vector<row_id>{id(5)});
    EXPECT_EQ(log.size(), 3u);
}

// holds() answers for loaded ids only and follows the run's changes and their
// rollback; confirm() marks seen and never changes a content.
TEST(ContentIndex, HoldsAndConfirmsWhatWasLoaded) {
    content_index index;
    load(index, {{1, 10}, {2, 20}, {3, 30}});
    EXPECT_TRUE(index.holds(id(1), 10));
    EXPECT_FALSE(index.holds(id(1), 11));
    EXPECT_FALSE(index.holds(id(9), 90)); // never loaded
    content_index::journal log;
    EXPECT_EQ(index.classify(id(9), 90, log), verdict::added);
    EXPECT_FALSE(index.holds(id(9), 90)); // added by the run: not what the table holds
    EXPECT_FALSE(index.confirm(id(9), 90));

    EXPECT_EQ(index.classify(id(2), 21, log), verdict::changed);
    EXPECT_FALSE(index.holds(id(2), 20));
    EXPECT_TRUE(index.holds(id(2), 21));
    EXPECT_FALSE(index.confirm(id(2), 20)); // the run's record stands
    EXPECT_TRUE(index.holds(id(2), 21));
    index.rollback(log);
    EXPECT_TRUE(index.holds(id(2), 20));

    EXPECT_TRUE(index.confirm(id(1), 10));
    EXPECT_EQ(index.unseen(), std::vector<row_id>{id(3)}); // 2 was seen, then rolled back: kept
}

TEST(IdMap, FindsWhatItHoldsAcrossGrowth) {
    id_map map;
    for (std::uint64_t i = 0; i < 5000; ++i)
        EXPECT_TRUE(map.try_emplace(id(i * 1024), i).second);
    for (std::uint64_t i = 0; i < 5000; ++i) {
        auto [value, inserted] = map.try_emplace(id(i * 1024), 99);
        EXPECT_FALSE(inserted);
        EXPECT_EQ(*value, i);
    }
}

// Ids spread over all 256 tables (their top byte), as keyed hashes are: each
// table grows on its own, and erasing in one leaves the others alone.
TEST(IdMap, IdsSpreadOverEveryTable) {
    id_map map;
    const auto spread = [](std::uint64_t i) {
        return row_id{i * 0x9e3779b97f4a7c15ull, i * 0xc2b2ae3d27d4eb4full};
    };
    for (std::uint64_t i = 1; i <= 20000; ++i)
        ASSERT_TRUE(map.try_emplace(spread(i), i).second) << i;
    for (std::uint64_t i = 1; i <= 20000; i += 2)
        map.erase(spread(i));
    for (std::uint64_t i = 1; i <= 20000; ++i) {
        auto [value, inserted] = map.try_emplace(spread(i), 0);
        EXPECT_EQ(inserted, i % 2 == 1) << i;
        if (!inserted)
            EXPECT_EQ(*value, i);
    }
}

TEST(IdMap, EraseKeepsCollidingKeysReachable) {
    id_map map;
    // Keys sharing low bits probe the same run; erasing from its middle must
    // leave the later ones findable (backward shift), across wrap-around too.
    for (std::uint64_t i = 1; i <= 300; ++i)
        map.try_emplace(id(i * 1024 + 1023), i);
    for (std::uint64_t i = 1; i <= 300; i += 3)
        map.erase(id(i * 1024 + 1023));
    map.erase(id(0));
    map.erase(id(12345)); // absent: no effect
    for (std::uint64_t i = 1; i <= 300; ++i) {
        auto [value, inserted] = map.try_emplace(id(i * 1024 + 1023), 0);
        EXPECT_EQ(inserted, i % 3 == 1) << i;
        if (!inserted)
            EXPECT_EQ(*value, i);
    }
}

TEST(ContentIndex, RollbackUndoesAScopesMarks) {
    content_index index;
    load(index, {{10, 100}, {20, 200}});
    content_index::journal a, b;
    EXPECT_EQ(index.classify(id(10), 100, a), verdict::unchanged);
    EXPECT_EQ(index.classify(id(20), 201, a), verdict::changed);
    EXPECT_EQ(index.classify(id(30), 300, a), verdict::added);
    EXPECT_EQ(index.classify(id(30), 301, a), verdict::changed);
    index.rollback(a);
    EXPECT_TRUE(a.empty());
    // Seen marks stay: the failed scope read 20, so it is not deleted as unseen.
    EXPECT_TRUE(index.unseen().empty());
    EXPECT_EQ(index.classify(id(20), 201, b), verdict::changed); // not "unchanged": undone
    EXPECT_EQ(index.classify(id(30), 300, b), verdict::added);
    EXPECT_EQ(index.classify(id(40), 400, b), verdict::added);
    b.clear(); // a completed scope's journal is dropped: its updates stand
    EXPECT_EQ(index.classify(id(40), 400, b), verdict::unchanged);
}

TEST(ContentIndex, RollbackLeavesWhatAnotherScopeChangedSince) {
    content_index index;
    load(index, {{10, 100}});
    content_index::journal a, b;
    EXPECT_EQ(index.classify(id(10), 101, a), verdict::changed);
    EXPECT_EQ(index.classify(id(50), 500, a), verdict::added);
    EXPECT_EQ(index.classify(id(10), 102, b), verdict::changed); // b, interleaved, newer
    EXPECT_EQ(index.classify(id(50), 501, b), verdict::changed);
    index.rollback(a);
    content_index::journal c;
    EXPECT_EQ(index.classify(id(10), 102, c), verdict::unchanged); // b's value stands
    EXPECT_EQ(index.classify(id(50), 501, c), verdict::unchanged);
    index.rollback(b);
    EXPECT_EQ(index.classify(id(10), 100, c), verdict::changed); // back to b's "before"
}

TEST(IdMap, KeysDifferingInOneHalfAreDistinct) {
    id_map map;
    EXPECT_TRUE(map.try_emplace({1, 7}, 1).second);
    EXPECT_TRUE(map.try_emplace({2, 7}, 2).second);
    EXPECT_TRUE(map.try_emplace({1, 8}, 3).second);
    map.erase({2, 7});
    EXPECT_EQ(*map.try_emplace({1, 7}, 0).first, 1u);
    EXPECT_EQ(*map.try_emplace({1, 8}, 0).first, 3u);
}

TEST(ContentIndex, IdsSharingTheirFirstHalfAreDistinct) {
    content_index index;
    index.add_loaded({1, 1}, 10);
    index.add_loaded({1, 2}, 20);
    index.seal();
    content_index::journal log;
    EXPECT_EQ(index.classify({1, 3}, 10, log), verdict::added);
    EXPECT_EQ(index.classify({1, 2}, 20, log), verdict::unchanged);
    EXPECT_EQ(index.unseen(), (std::vector<row_id>{row_id{1, 1}}));
}

TEST(RecordHash, CoversEveryFieldAndTheScope) {
    const keyed_hash key(test_key(1));
    const auto record_hash = [&](const inventory::record& r, std::string_view scope) {
        return detail::record_hash(key, r, scope);
    };
    inventory::record r;
    r.native_id = "id";
    r.name = "n";
    r.columns = inventory::vm_columns{};
    auto base = record_hash(r, "s");
    EXPECT_EQ(record_hash(r, "s"), base);
    EXPECT_NE(record_hash(r, "t"), base);
    EXPECT_NE(record_hash(r, ""), base);
    auto changed = r;
    changed.native_id = "other"; // the key is not content
    EXPECT_EQ(record_hash(changed, "s"), base);
    changed = r;
    std::get<inventory::vm_columns>(changed.columns).private_ips = {"10.0.0.1"};
    EXPECT_NE(record_hash(changed, "s"), base);
    changed = r;
    changed.name = "";
    changed.region = "n"; // fields are delimited: moving bytes between them is a change
    EXPECT_NE(record_hash(changed, "s"), base);
    changed = r;
    changed.columns = inventory::storage_columns{};
    EXPECT_NE(record_hash(changed, "s"), base);
    inventory::storage_columns flags;
    flags.encrypted = false;
    auto with_false = r;
    with_false.columns = flags;
    flags.encrypted = std::nullopt;
    auto with_null = r;
    with_null.columns = flags;
    EXPECT_NE(record_hash(with_false, "s"), record_hash(with_null, "s"));
}

TEST(SessionRules, AddDeadlinesUnlessTheDsnSetsThem) {
    session_rules rules;
    rules.dsn = cloudsync::secret("host=/tmp dbname=x connect_timeout=3");
    EXPECT_EQ(effective_dsn(rules), "host=/tmp dbname=x connect_timeout=3 keepalives=1 "
                                    "keepalives_idle=30 keepalives_interval=10 keepalives_count=3");
    rules.dsn = cloudsync::secret("postgresql://u@h/db");
    EXPECT_EQ(effective_dsn(rules), "postgresql://u@h/db?connect_timeout=10&keepalives=1&"
                                    "keepalives_idle=30&keepalives_interval=10&keepalives_count=3");
    rules.dsn = cloudsync::secret("postgres://h/db?keepalives_idle=5&sslmode=disable");
    EXPECT_EQ(effective_dsn(rules), "postgres://h/db?keepalives_idle=5&sslmode=disable&"
                                    "connect_timeout=10&keepalives=1&keepalives_interval=10&"
                                    "keepalives_count=3");
    rules.dsn = cloudsync::secret("");
    EXPECT_EQ(effective_dsn(rules), " connect_timeout=10 keepalives=1 keepalives_idle=30 "
                                    "keepalives_interval=10 keepalives_count=3");
    EXPECT_NE(session_setup(rules).find("'search_path', 'pg_catalog, pg_temp'"), std::string::npos);
    EXPECT_NE(session_setup(rules).find("'statement_timeout', '600000'"), std::string::npos);
}

// A run's write leaves its COPY open for the next write and asks to end it once
// nothing is queued: never while more is queued, always once nothing is.
TEST(Worker, WhenDrainedWaitsUntilNothingIsQueued) {
    std::mutex mutex;
    std::vector<std::string> order;
    auto note = [&](std::string what) {
        std::lock_guard lock(mutex);
        order.push_back(std::move(what));
    };
    std::promise<void> go;
    auto started = go.get_future().share();
    {
        worker w(4);
        w.force([&] {
            started.wait(); // b and c are queued meanwhile
            note("a");
            w.when_drained([&] { note("drained (replaced)"); });
            w.when_drained([&] { note("drained after a"); });
        });
        w.force([&] { note("b"); });
        w.force([&] { note("c"); });
        go.set_value();
        w.stop();
    }
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c", "drained after a"}));
}

TEST(EmbeddedMigrations, AreInVersionOrder) {
    auto all = embedded_migrations();
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.front().version, 1);
    EXPECT_EQ(all.front().name, "0001_schema");
    EXPECT_NE(all.front().sql.find("CREATE TABLE cloudsync.vms"), std::string_view::npos);
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_LT(all[i - 1].version, all[i].version);
    EXPECT_EQ(known_schema_version(), all.back().version);
}

} // namespace
} // namespace cloudsync::store::detail
