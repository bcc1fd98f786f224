// The Blob service's List Containers XML: both official samples (names, public
// access, lease, NextMarker paging) and documents that must be refused.
#include "collectors/azure/blob_list.hpp"
#include "collectors/errors.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view url = "https://myaccount.blob.core.windows.net/?comp=list&marker=x";

TEST(BlobList, ParsesOfficialListContainersSample) {
    const auto list =
        parse_blob_container_list(test::azure_fixture("storage.blob.listContainers.xml"), url);
    EXPECT_EQ(list.service_endpoint, "https://myaccount.blob.core.windows.net/");
    ASSERT_EQ(list.containers.size(), 3u);
    EXPECT_EQ(list.containers[0].name, "audio");
    EXPECT_EQ(list.containers[0].public_access, "container");
    EXPECT_TRUE(list.containers[0].is_public());
    EXPECT_EQ(list.containers[0].etag, "0x8CACB9BD7C6B1B2");
    EXPECT_EQ(list.containers[0].last_modified, "Wed, 26 Oct 2016 20:39:39 GMT");
    EXPECT_EQ(list.containers[1].name, "images");
    EXPECT_FALSE(list.containers[1].is_public()); // no <PublicAccess>: private
    EXPECT_EQ(list.containers[2].name, "textfiles");
    EXPECT_EQ(list.containers[2].lease_status, "");
    EXPECT_EQ(list.next_marker, "video"); // more pages: ask again with marker=video
}

TEST(BlobList, ParsesOfficialContosorestCapture) {
    const auto list = parse_blob_container_list(
        test::azure_fixture("storage.blob.listContainers.contosorest.xml"), url);
    EXPECT_EQ(list.service_endpoint, "http://contosorest.blob.core.windows.net/");
    ASSERT_EQ(list.containers.size(), 5u);
    for (std::size_t i = 0; i < list.containers.size(); ++i) {
        const auto& c = list.containers[i];
        EXPECT_EQ(c.name, "container-" + std::to_string(i + 1));
        EXPECT_FALSE(c.is_public());
        EXPECT_EQ(c.lease_status, "unlocked");
        EXPECT_EQ(c.lease_state, "available");
    }
    EXPECT_EQ(list.containers[0].etag, "\"0x8D46CBD5A7C301D\""); // quoted as sent
    EXPECT_EQ(list.containers[4].last_modified, "Thu, 16 Mar 2017 22:41:39 GMT");
    EXPECT_FALSE(list.next_marker); // <NextMarker />: the list is complete
}

TEST(BlobList, EmptyListHasNoContainers) {
    const auto list = parse_blob_container_list(
        "<?xml version=\"1.0\"?><EnumerationResults ServiceEndpoint=\"https://a/\">"
        "<Containers /><NextMarker /></EnumerationResults>",
        url);
    EXPECT_TRUE(list.containers.empty());
    EXPECT_FALSE(list.next_marker);
}

TEST(BlobList, MalformedDocumentsAreRefused) {
    const auto full = test::azure_fixture("storage.blob.listContainers.xml");
    for (const std::string& text :
         {std::string(), std::string("not xml"), full.substr(0, full.size() / 2),
          std::string("<Error><Code>AuthenticationFailed</Code></Error>"),
          std::string("<EnumerationResults><Containers><Container><Properties/></Container>"
                      "</Containers></EnumerationResults>")}) {
        EXPECT_THROW(parse_blob_container_list(text, url), page_error) << text;
    }
    try {
        parse_blob_container_list("<x", url);
        FAIL();
    } catch (const page_error& e) {
        EXPECT_EQ(std::string(e.what()).find("marker"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace cloudsync::collectors::azure
