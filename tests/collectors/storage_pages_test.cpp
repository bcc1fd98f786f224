// Storage account and blob container pages: the official examples, the column
// rules of storage_pages.hpp, and pages that must be refused.
#include "collectors/azure/storage_pages.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view accounts_url =
    "https://management.azure.com/subscriptions/s/providers/"
    "Microsoft.Storage/storageAccounts?api-version=2025-08-01";
constexpr std::string_view containers_url =
    "https://management.azure.com/subscriptions/s/resourceGroups/r/providers/"
    "Microsoft.Storage/storageAccounts/a/blobServices/default/containers?api-version=2025-08-01";

const inventory::storage_columns& columns(const inventory::record& rec) {
    return std::get<inventory::storage_columns>(rec.columns);
}

std::string account_page(const std::string& properties, const std::string& kind = "StorageV2") {
    return R"({"value":[{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/)"
           R"(storageAccounts/a","kind":")" +
           kind + R"(","location":"westeurope","properties":)" + properties + "}]}";
}

TEST(StoragePages, ParsesOfficialStorageAccountsList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::azure_fixture("storage.storageAccounts.list.json");
    const auto page = parse_storage_account_page(text, accounts_url);
    ASSERT_EQ(page.items.size(), 6u);
    EXPECT_FALSE(page.next_link);
    const auto& first = page.items[0].record;
    EXPECT_EQ(first.native_id, "/subscriptions/{subscription-id}/resourceGroups/res2627/providers/"
                               "Microsoft.Storage/storageAccounts/sto1125");
    EXPECT_EQ(first.name, "sto1125");
    EXPECT_EQ(first.region, "eastus");
    EXPECT_EQ(boost::json::parse(first.tags),
              boost::json::parse(R"({"key1":"value1","key2":"value2"})"));
    EXPECT_EQ(boost::json::parse(first.raw), boost::json::parse(text).at("value").at(0));
    EXPECT_EQ(inventory::table_of(first), inventory::table::storage);
    EXPECT_EQ(columns(first).type, "storage_account");
    EXPECT_EQ(columns(first).encrypted, true); // blob.enabled
    // The example has neither allowBlobPublicAccess nor publicNetworkAccess.
    EXPECT_EQ(columns(first).public_access, std::nullopt);
    EXPECT_EQ(columns(first).versioning, std::nullopt);
    EXPECT_TRUE(page.items[0].has_blob_service); // kind Storage
    // sto3699: no encryption block at all -> unknown.
    EXPECT_EQ(page.items[1].record.name, "sto3699");
    EXPECT_EQ(columns(page.items[1].record).encrypted, std::nullopt);
    // sto8596: customer-managed key in Key Vault, staging region.
    EXPECT_EQ(page.items[2].record.name, "sto8596");
    EXPECT_EQ(page.items[2].record.region, "eastus2(stage)");
    EXPECT_EQ(columns(page.items[2].record).encrypted, true);
    EXPECT_EQ(page.items[5].record.name, "sto9174");
}

TEST(StoragePages, AccountPublicAccessRules) {
    auto access = [](const std::string& properties) {
        const auto page = parse_storage_account_page(account_page(properties), accounts_url);
        return columns(page.items.at(0).record).public_access;
    };
    EXPECT_EQ(access(R"({"allowBlobPublicAccess":true})"), true);
    EXPECT_EQ(access(R"({"allowBlobPublicAccess":true,"publicNetworkAccess":"Enabled"})"), true);
    EXPECT_EQ(access(R"({"allowBlobPublicAccess":false,"publicNetworkAccess":"Enabled"})"), false);
    EXPECT_EQ(access(R"({"allowBlobPublicAccess":true,"publicNetworkAccess":"Disabled"})"), false);
    EXPECT_EQ(access(R"({"publicNetworkAccess":"disabled"})"), false);
    EXPECT_EQ(access(R"({"publicNetworkAccess":"Enabled"})"), std::nullopt);
    EXPECT_EQ(access(R"({})"), std::nullopt);
}

TEST(StoragePages, AccountEncryptionRules) {
    auto encrypted = [](const std::string& properties) {
        const auto page = parse_storage_account_page(account_page(properties), accounts_url);
        return columns(page.items.at(0).record).encrypted;
    };
    EXPECT_EQ(encrypted(R"({"encryption":{"services":{"blob":{"enabled":false}}}})"), false);
    EXPECT_EQ(encrypted(R"({"encryption":{"keySource":"Microsoft.Storage"}})"), true);
    EXPECT_EQ(encrypted(R"({"encryption":{}})"), std::nullopt);
}

TEST(StoragePages, FileStorageAccountsHaveNoBlobService) {
    EXPECT_FALSE(parse_storage_account_page(account_page("{}", "FileStorage"), accounts_url)
                     .items.at(0)
                     .has_blob_service);
    EXPECT_TRUE(parse_storage_account_page(account_page("{}", "BlockBlobStorage"), accounts_url)
                    .items.at(0)
                    .has_blob_service);
}

TEST(StoragePages, AccountIdMustBeAPlainArmPath) {
    // The id becomes the path of the container list: a query or a relative path
    // would change what is requested.
    for (const std::string id : {"/subscriptions/s/x?api-version=1", "relative/x",
                                 "/subscriptions/s/../../other", "/a/b#c"}) {
        const auto text = R"({"value":[{"id":")" + id + R"("}]})";
        EXPECT_THROW(parse_storage_account_page(text, accounts_url), page_error) << id;
    }
}

TEST(StoragePages, ParsesOfficialBlobContainersList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::azure_fixture("storage.blobContainers.list.json");
    const blob_container_parent parent{"eastus", true};
    const auto page = parse_blob_container_page(text, containers_url, parent);
    ASSERT_EQ(page.items.size(), 2u);
    // Followed verbatim: its own api-version, $maxpagesize and $skipToken.
    EXPECT_EQ(page.next_link,
              "https://sto1590endpoint/subscriptions/{subscription-id}/resourceGroups/res9290/"
              "providers/Microsoft.Storage/storageAccounts/sto1590/blobServices/default/"
              "containers?api-version=2022-09-01&$maxpagesize=2&$skipToken=/sto1590/"
              "container5103");
    const auto& open = page.items[0];
    EXPECT_EQ(open.native_id, "/subscriptions/{subscription-id}/resourceGroups/res9290/providers/"
                              "Microsoft.Storage/storageAccounts/sto1590/blobServices/default/"
                              "containers/container1644");
    EXPECT_EQ(open.name, "container1644");
    EXPECT_EQ(open.region, "eastus"); // the account's
    EXPECT_EQ(open.tags, "{}");
    EXPECT_EQ(columns(open).type, "blob_container");
    EXPECT_EQ(columns(open).public_access, true); // publicAccess Container
    EXPECT_EQ(columns(open).encrypted, true);
    EXPECT_EQ(columns(open).versioning, std::nullopt);
    // The etag's escaped quotes survive in raw.
    EXPECT_EQ(boost::json::parse(open.raw).at("etag"), "\"0x8D589847D51C7DE\"");
    EXPECT_EQ(page.items[1].name, "container4052");
    EXPECT_EQ(columns(page.items[1]).public_access, false); // publicAccess None
}

TEST(StoragePages, ContainerPublicAccessLevels) {
    auto level = [](const std::string& properties) {
        const std::string text =
            R"({"value":[{"id":"/x/containers/c","properties":)" + properties + "}]}";
        return columns(parse_blob_container_page(text, containers_url, {}).items.at(0))
            .public_access;
    };
    EXPECT_EQ(level(R"({"publicAccess":"Blob"})"), true);
    EXPECT_EQ(level(R"({"publicAccess":"none"})"), false);
    EXPECT_EQ(level(R"({})"), false); // absent: private
}

TEST(StoragePages, MalformedPagesAreRefused) {
    const blob_container_parent parent;
    for (const std::string text :
         {"", "[]", R"({"value":{}})", R"({"value":[{"name":"no id"}]})", R"({"value":[1]})",
          R"({"value":[],"nextLink":3})", R"({"value":[{"id":"/a"})"}) {
        EXPECT_THROW(parse_storage_account_page(text, accounts_url), page_error) << text;
        EXPECT_THROW(parse_blob_container_page(text, containers_url, parent), page_error) << text;
    }
    try {
        parse_blob_container_page("{", containers_url, parent);
        FAIL();
    } catch (const page_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("/blobServices/default/containers"), std::string::npos) << what;
        EXPECT_EQ(what.find("api-version"), std::string::npos) << what; // no query in messages
    }
}

TEST(StoragePages, ContainersPathOfAnAccount) {
    EXPECT_EQ(blob_containers_path("/subscriptions/s/resourceGroups/r/providers/"
                                   "Microsoft.Storage/storageAccounts/a",
                                   "2025-08-01"),
              "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a/"
              "blobServices/default/containers?api-version=2025-08-01");
}

} // namespace
} // namespace cloudsync::collectors::azure
