// Pure parts of the store: the hash, COPY text, address normalization.
#include "store/detail/content_index.hpp"
#include "store/detail/copy_text.hpp"
#include "store/detail/hash.hpp"
#include "store/migrations.hpp"

#include <gtest/gtest.h>

namespace cloudsync::store::detail {
namespace {

TEST(StoreHash, MatchesPublishedXxh64Vectors) {
    EXPECT_EQ(hash64(""), 0xEF46DB3751D8E999ULL);
    EXPECT_EQ(hash64("a"), 0xD24EC4F1A98C6E5BULL);
    EXPECT_EQ(hash64("abc"), 0x44BC2CF5AD770999ULL);
    std::string longer(100, 'x');
    EXPECT_NE(hash64(longer), hash64(longer + "y"));
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
    index.add_loaded(5, 50);
    index.add_loaded(1, 10);
    index.add_loaded(3, 30);
    index.seal();
    EXPECT_EQ(index.classify(1, 10), verdict::unchanged);
    EXPECT_EQ(index.classify(3, 31), verdict::changed);
    EXPECT_EQ(index.classify(3, 31), verdict::unchanged); // duplicate, same content
    EXPECT_EQ(index.classify(7, 70), verdict::added);
    EXPECT_EQ(index.classify(7, 70), verdict::unchanged);
    EXPECT_EQ(index.classify(7, 71), verdict::changed); // duplicate new id: last wins
    EXPECT_EQ(index.unseen(), std::vector<std::uint64_t>{5});
}

TEST(HashMap64, FindsWhatItHoldsAcrossGrowth) {
    hash_map64 map;
    for (std::uint64_t i = 0; i < 5000; ++i)
        EXPECT_TRUE(map.try_emplace(i * 1024, i).second);
    for (std::uint64_t i = 0; i < 5000; ++i) {
        auto [value, inserted] = map.try_emplace(i * 1024, 99);
        EXPECT_FALSE(inserted);
        EXPECT_EQ(*value, i);
    }
}

TEST(HashMap64, EraseKeepsCollidingKeysReachable) {
    hash_map64 map;
    // Keys sharing low bits probe the same run; erasing from its middle must
    // leave the later ones findable (backward shift), across wrap-around too.
    for (std::uint64_t i = 1; i <= 300; ++i)
        map.try_emplace(i * 1024 + 1023, i);
    for (std::uint64_t i = 1; i <= 300; i += 3)
        map.erase(i * 1024 + 1023);
    map.erase(0);
    map.erase(12345); // absent: no effect
    for (std::uint64_t i = 1; i <= 300; ++i) {
        auto [value, inserted] = map.try_emplace(i * 1024 + 1023, 0);
        EXPECT_EQ(inserted, i % 3 == 1) << i;
        if (!inserted)
            EXPECT_EQ(*value, i);
    }
}

TEST(ContentIndex, RollbackUndoesAScopesMarks) {
    content_index index;
    index.add_loaded(10, 100);
    index.add_loaded(20, 200);
    index.seal();
    EXPECT_EQ(index.classify(10, 100), verdict::unchanged);
    index.begin_journal();
    EXPECT_EQ(index.classify(20, 201), verdict::changed);
    EXPECT_EQ(index.classify(30, 300), verdict::added);
    EXPECT_EQ(index.classify(30, 301), verdict::changed);
    index.rollback_journal();
    EXPECT_EQ(index.unseen(), std::vector<std::uint64_t>{20});
    EXPECT_EQ(index.classify(20, 201), verdict::changed); // not "unchanged": undone
    EXPECT_EQ(index.classify(30, 300), verdict::added);
    index.begin_journal();
    EXPECT_EQ(index.classify(40, 400), verdict::added);
    index.end_journal(); // kept
    EXPECT_EQ(index.classify(40, 400), verdict::unchanged);
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
