// Cloud Storage bucket pages: both official captures (gcpdiag's noAcl list,
// the Config Connector golden projection=full list), public access from
// prevention, ACLs and uniform access, versioning, paging, and pages that must
// be refused with the field named.
#include "collectors/gcp/bucket_page.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::gcp {
namespace {

constexpr std::string_view url =
    "https://storage.googleapis.com/storage/v1/b?project=p&projection=full&maxResults=1000";

const inventory::storage_columns& st(const inventory::record& rec) {
    return std::get<inventory::storage_columns>(rec.columns);
}

TEST(GcpBucketPage, ParsesGcpdiagList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("storage/buckets.list.gcpdiag-gcs1.json");
    const auto page = parse_bucket_page(text, url);
    EXPECT_FALSE(page.next_page_token);
    EXPECT_TRUE(page.complete);
    ASSERT_EQ(page.items.size(), 3u);
    const std::vector<std::string> names{
        "gcpdiag-gcs1bucket-aaaa", "gcpdiag-gcs1bucket-labels-aaaa", "gcpdiag-gcs1bucket2-aaaa"};
    const auto doc = boost::json::parse(text);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto& rec = page.items[i];
        EXPECT_EQ(rec.name, names[i]);
        EXPECT_EQ(rec.native_id, "//storage.googleapis.com/projects/_/buckets/" + names[i]);
        EXPECT_EQ(rec.region, "us");
        EXPECT_EQ(inventory::table_of(rec), inventory::table::storage);
        EXPECT_EQ(st(rec).type, "bucket");
        EXPECT_EQ(st(rec).public_access, false); // inherited, no ACLs in a noAcl list
        EXPECT_EQ(st(rec).encrypted, true);
        EXPECT_EQ(st(rec).versioning, false);
        EXPECT_EQ(boost::json::parse(rec.raw), doc.at("items").at(i));
    }
    EXPECT_EQ(page.items[0].tags, "{}");
    EXPECT_EQ(page.items[1].tags, R"({"label1":"value1"})");
    EXPECT_EQ(page.items[2].tags, "{}");
}

TEST(GcpBucketPage, ParsesKccGoldenFullProjection) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("storage/buckets.list.projection-full.kcc-golden.json");
    const auto page = parse_bucket_page(text, url);
    EXPECT_FALSE(page.next_page_token);
    ASSERT_EQ(page.items.size(), 1u);
    const auto& rec = page.items[0];
    EXPECT_EQ(rec.name, "test-${uniqueId}");
    EXPECT_EQ(rec.native_id, "//storage.googleapis.com/projects/_/buckets/test-${uniqueId}");
    EXPECT_EQ(rec.region, "us");
    EXPECT_EQ(rec.tags, "{}");
    EXPECT_EQ(st(rec).type, "bucket");
    EXPECT_EQ(st(rec).public_access, false); // project-team ACL entries only
    EXPECT_EQ(st(rec).encrypted, true);
    EXPECT_EQ(st(rec).versioning, false);
    EXPECT_EQ(boost::json::parse(rec.raw), boost::json::parse(text).at("items").at(0));
}

std::string page_of(std::string_view bucket) {
    return R"({"kind":"storage#buckets","items":[)" + std::string(bucket) + "]}";
}

inventory::storage_columns one(std::string_view bucket) {
    const auto page = parse_bucket_page(page_of(bucket), url);
    EXPECT_EQ(page.items.size(), 1u);
    return st(page.items.at(0));
}

TEST(GcpBucketPage, PublicAccessFromPreventionAclsAndUniformAccess) {
    const std::string public_acl = R"("acl":[{"entity":"project-owners-1","role":"OWNER"},)"
                                   R"({"entity":"allUsers","role":"READER"}])";
    EXPECT_EQ(one(R"({"name":"b",)" + public_acl + "}").public_access, true);
    EXPECT_EQ(one(R"({"name":"b","acl":[{"entity":"allAuthenticatedUsers","role":"READER"}]})")
                  .public_access,
              true);
    EXPECT_EQ(one(R"({"name":"b","defaultObjectAcl":[{"entity":"allUsers","role":"READER"}]})")
                  .public_access,
              true);
    EXPECT_EQ(one(R"({"name":"b","iamConfiguration":{"publicAccessPrevention":"inherited"},)" +
                  public_acl + "}")
                  .public_access,
              true);
    EXPECT_EQ(one(R"({"name":"b","iamConfiguration":{"publicAccessPrevention":"enforced"},)" +
                  public_acl + "}")
                  .public_access,
              false);
    EXPECT_EQ(
        one(R"({"name":"b","iamConfiguration":{"uniformBucketLevelAccess":{"enabled":true}},)" +
            public_acl + "}")
            .public_access,
        false);
    EXPECT_EQ(one(R"({"name":"b","acl":[{"entity":"user-allUsers@example.com"}]})").public_access,
              false);
    EXPECT_EQ(one(R"({"name":"b"})").public_access, false);
}

TEST(GcpBucketPage, VersioningLocationLabelsAndPaging) {
    const auto page = parse_bucket_page(
        R"({"items":[{"name":"a","location":"EUROPE-WEST4","versioning":{"enabled":true},)"
        R"("labels":{"env":"prod"},"encryption":{"defaultKmsKeyName":"projects/p/locations/eu/)"
        R"(keyRings/r/cryptoKeys/k"}},{"name":"b","versioning":{"enabled":false}}],)"
        R"("nextPageToken":"CgFi"})",
        url);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.next_page_token, "CgFi");
    EXPECT_EQ(page.items[0].region, "europe-west4");
    EXPECT_EQ(page.items[0].tags, R"({"env":"prod"})");
    EXPECT_EQ(st(page.items[0]).versioning, true);
    EXPECT_EQ(st(page.items[0]).encrypted, true);
    EXPECT_NE(page.items[0].raw.find("cryptoKeys/k"), std::string::npos);
    EXPECT_EQ(page.items[1].region, "");
    EXPECT_EQ(st(page.items[1]).versioning, false);
}

TEST(GcpBucketPage, EmptyListsHaveNoItems) {
    EXPECT_TRUE(parse_bucket_page(R"({"kind":"storage#buckets"})", url).items.empty());
    EXPECT_TRUE(parse_bucket_page(R"({"items":null,"nextPageToken":""})", url).items.empty());
    EXPECT_FALSE(parse_bucket_page(R"({"items":[],"nextPageToken":""})", url).next_page_token);
}

void expect_refused(std::string_view text, std::string_view words) {
    try {
        parse_bucket_page(text, url);
        ADD_FAILURE() << "accepted " << text;
    } catch (const page_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(words), std::string::npos) << what;
        EXPECT_NE(what.find("GET /storage/v1/b"), std::string::npos) << what;
        EXPECT_EQ(what.find("projection"), std::string::npos) << what; // no query
    }
}

TEST(GcpBucketPage, RefusesMalformedPagesNamingTheField) {
    expect_refused("", "not JSON");
    expect_refused("{\"items\":[", "not JSON");
    expect_refused("[]", "is not a JSON object");
    expect_refused(R"({"items":{"b":{}}})", "items is not an array");
    expect_refused(R"({"items":"x"})", "items is neither");
    expect_refused(R"({"items":[1]})", "items[0] is not an object");
    expect_refused(R"({"items":[{}]})", "items[0] has no name");
    expect_refused(R"({"items":[{"name":""}]})", "items[0] has no name");
    expect_refused(R"({"items":[{"name":7}]})", "items[0].name is not a string");
    expect_refused(R"({"items":[{"name":"a/../b"}]})", "items[0].name is not a bucket name");
    expect_refused(R"({"items":[{"name":"a","location":1}]})", "items[0].location is not a string");
    expect_refused(R"({"items":[{"name":"a","labels":[]}]})", "items[0].labels is not an object");
    expect_refused(R"({"items":[{"name":"a","labels":{"k":1}}]})",
                   "items[0].labels[\"k\"] is not a string");
    expect_refused(R"({"items":[{"name":"a","versioning":true}]})",
                   "items[0].versioning is not an object");
    expect_refused(R"({"items":[{"name":"a","versioning":{"enabled":"yes"}}]})",
                   "items[0].versioning.enabled is not a boolean");
    expect_refused(R"({"items":[{"name":"a","iamConfiguration":[]}]})",
                   "items[0].iamConfiguration is not an object");
    expect_refused(R"({"items":[{"name":"a","iamConfiguration":{"publicAccessPrevention":1}}]})",
                   "items[0].iamConfiguration.publicAccessPrevention is not a string");
    expect_refused(
        R"({"items":[{"name":"a","iamConfiguration":{"uniformBucketLevelAccess":{"enabled":1}}}]})",
        "items[0].iamConfiguration.uniformBucketLevelAccess.enabled is not a boolean");
    expect_refused(R"({"items":[{"name":"a","acl":{}}]})", "items[0].acl is not an array");
    expect_refused(R"({"items":[{"name":"a","acl":["allUsers"]}]})",
                   "items[0].acl[0] is not an object");
    expect_refused(R"({"items":[{"name":"a","defaultObjectAcl":[{"entity":true}]}]})",
                   "items[0].defaultObjectAcl[0].entity is not a string");
    expect_refused(R"({"items":[],"nextPageToken":5})", "nextPageToken is not a string");
}

TEST(GcpBucketPage, HostileValuesStayData) {
    // A name with quotes and control characters stays text; raw is valid JSON.
    const auto page = parse_bucket_page(
        R"({"items":[{"name":"a\"b\u0001","labels":{"x\"y":"\u0000"},"location":"\u00c9U"}]})",
        url);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].name, std::string("a\"b\x01"));
    EXPECT_NO_THROW(boost::json::parse(page.items[0].raw));
    EXPECT_NO_THROW(boost::json::parse(page.items[0].tags));
    // A deep or huge page is parsed or refused, never crashes.
    std::string deep =
        R"({"items":[{"name":"a","x":)" + std::string(2000, '[') + std::string(2000, ']') + "}]}";
    try {
        parse_bucket_page(deep, url);
    } catch (const page_error&) {
    }
    std::string many = R"({"items":[)";
    for (int i = 0; i < 5000; ++i)
        many += (i ? "," : "") + std::string(R"({"name":"b)") + std::to_string(i) + "\"}";
    many += "]}";
    EXPECT_EQ(parse_bucket_page(many, url).items.size(), 5000u);
}

} // namespace
} // namespace cloudsync::collectors::gcp
