#include "collectors/azure/arm_page.hpp"
#include "collectors/common/url.hpp"
#include "collectors/azure/subscriptions.hpp"
#include "collectors/azure/vm_page.hpp"
#include "fixture.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view url =
    "https://management.azure.com/subscriptions/sub-1/providers/Microsoft.Compute/"
    "virtualMachines?api-version=2026-03-01&statusOnly=true";

std::string page_error_of(std::string_view text) {
    try {
        parse_vm_page(text, url);
    } catch (const page_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no page_error for " << text;
    return {};
}

TEST(ArmPage, UrlPathDropsSchemeHostAndQuery) {
    EXPECT_EQ(url_path(url), "/subscriptions/sub-1/providers/Microsoft.Compute/virtualMachines");
    EXPECT_EQ(url_path("https://h"), "/");
    EXPECT_EQ(url_path("/a/b?x=1"), "/a/b");
}

TEST(ArmPage, MalformedPagesNameThePathAndTheFault) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto not_json = page_error_of("<html>");
    EXPECT_NE(not_json.find("GET /subscriptions/sub-1/providers/Microsoft.Compute/virtualMachines"),
              std::string::npos)
        << not_json;
    EXPECT_NE(not_json.find("not JSON"), std::string::npos);
    EXPECT_EQ(not_json.find("statusOnly"), std::string::npos) << "query must not leak";
    EXPECT_NE(page_error_of("[1]").find("not a JSON object"), std::string::npos);
    EXPECT_NE(page_error_of("{}").find("no \"value\" member"), std::string::npos);
    EXPECT_NE(page_error_of(R"({"value":{}})").find("\"value\" is not an array"),
              std::string::npos);
    EXPECT_NE(page_error_of(R"({"value":[{"id":"/a"},{"name":"x"}]})").find("item 1 has no \"id\""),
              std::string::npos);
    EXPECT_NE(page_error_of(R"({"value":[3]})").find("item 0 is not an object"), std::string::npos);
    EXPECT_NE(page_error_of(R"({"value":[],"nextLink":5})").find("nextLink"), std::string::npos);
    EXPECT_NE(page_error_of(R"({"value":[{"id":""}]})").find("has no \"id\""), std::string::npos);
    // a truncated page (cut mid-body) is malformed, not short
    EXPECT_NE(page_error_of(R"({"value":[{"id":"/a"},{"id":"/b")").find("not JSON"),
              std::string::npos);
}

TEST(ArmPage, EmptyPageWithNextLinkContinuesAndNullNextLinkEnds) {
    const auto more = parse_vm_page(R"({"value":[],"nextLink":"https://m/x?$skipToken=1"})", url);
    EXPECT_TRUE(more.items.empty());
    EXPECT_EQ(more.next_link, "https://m/x?$skipToken=1");
    EXPECT_FALSE(parse_vm_page(R"({"value":[],"nextLink":null})", url).next_link);
    EXPECT_FALSE(parse_vm_page(R"({"value":[],"nextLink":""})", url).next_link);
}

TEST(ArmPage, ItemTextsAreTheItemsAsSent) {
    const std::string text = "{\"value\": [ {\"id\": \"/a\",\n \"n\": 1.50} ,{\"id\":\"/b\"}]}";
    const auto page = parse_raw_page(text, url);
    EXPECT_EQ(page.item_texts(),
              (std::vector<std::string>{"{\"id\": \"/a\",\n \"n\": 1.50}", "{\"id\":\"/b\"}"}));
    // A page the scan declines is serialized from its DOM instead.
    const std::string twice = R"({"value":[{"id":"/a"}],"value":[{"id":"/b", "x": 1}]})";
    const auto doubled = parse_raw_page(twice, url);
    ASSERT_EQ(doubled.items().size(), 1u);
    EXPECT_EQ(doubled.item_texts(),
              std::vector<std::string>{boost::json::serialize(doubled.items()[0])});
}

TEST(ArmPage, TheDomOutlivesNothingButItsPage) {
    // Moving a page keeps its DOM in its arena; the items read after the move.
    auto page = parse_raw_page(R"({"value":[{"id":"/subscriptions/s/vm1","name":"vm1"}]})", url);
    const auto moved = std::move(page);
    EXPECT_EQ(moved.items().size(), 1u);
    EXPECT_EQ(parse_vm_page(moved, url).items.at(0).record.name, "vm1");
}

// peek_next_link is a hint the pager checks against the parse: it must read
// the link the parse reads, or nothing.
TEST(ArmPage, PeekedNextLinkIsTheOneTheParseReads) {
    for (const std::string& text :
         {std::string(R"({"value":[{"id":"a"}],"nextLink":"https://m/x?$skipToken=1"})"),
          std::string("{\n  \"value\": [],\n  \"nextLink\" :\t\"https://m/y\"\n}\n")}) {
        const auto peeked = peek_next_link(text);
        ASSERT_TRUE(peeked) << text;
        EXPECT_EQ(peeked, parse_raw_page(text, url).next_link) << text;
    }
}

TEST(ArmPage, PeekedNextLinkOfTheOfficialExampleIsTheParsedOne) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::azure_fixture("compute.virtualMachines.listAll.json");
    ASSERT_TRUE(peek_next_link(text));
    EXPECT_EQ(peek_next_link(text), parse_raw_page(text, url).next_link);
}

TEST(ArmPage, PeekDeclinesWhatIsNotTheClosingNextLink) {
    for (const std::string_view text : {
             R"({"value":[]})",                                    // the last page
             R"({"value":[],"nextLink":null})",                    // the same
             R"({"value":[],"nextLink":""})",                      // the same
             R"({"nextLink":"https://m/a","value":[]})",           // not at the end
             R"({"value":[{"tags":{"nextLink":"https://m/t"}}]})", // an item's tag
             R"({"value":[],"notnextLink":"https://m/n"})",        // another key
             R"({"value":[],"x":"a,"nextLink":"https://m/s""})",   // inside a string
             R"({"value":[],"nextLink":"https:\/\/m\/e"})",        // escaped: parse decides
             R"({"value":[],"nextLink":"https://m/u"}x)",          // not a JSON end
             R"("nextLink":"https://m/v"})",                       // no member before it
         }) {
        EXPECT_FALSE(peek_next_link(text)) << text;
    }
}

TEST(ArmError, ReadsTheWrappedEnvelopeOfTheSpecShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto error = arm_error(400, test::azure_fixture("arm.error.shape-from-spec.json"), url);
    EXPECT_EQ(error.status(), 400u);
    EXPECT_EQ(error.code(), "");
    EXPECT_EQ(error.message(), "");
    EXPECT_NE(std::string(error.what()).find("HTTP 400"), std::string::npos);
    const auto doc = arm_error(409, test::azure_fixture("arm.error.rpc-doc-shape.json"), url);
    EXPECT_EQ(doc.status(), 409u);
    EXPECT_EQ(doc.code(), "");
}

TEST(ArmError, ReadsTheUnwrappedCompute429Body) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto error =
        arm_error(429, test::azure_fixture("arm.throttling.compute429.body.json"), url);
    EXPECT_EQ(error.status(), 429u);
    EXPECT_EQ(error.code(), "OperationNotAllowed");
    EXPECT_EQ(error.message(), "The server rejected the request because too many requests have "
                               "been received for this subscription.");
    EXPECT_NE(std::string(error.what()).find("HTTP 429 OperationNotAllowed: The server rejected"),
              std::string::npos)
        << error.what();
}

TEST(ArmError, ForbiddenSubscriptionSaysSoClearly) {
    const auto error = arm_error(
        403,
        R"({"error":{"code":"AuthorizationFailed","message":"The client 'x' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read'."}})",
        url);
    const std::string what = error.what();
    EXPECT_EQ(error.code(), "AuthorizationFailed");
    EXPECT_NE(what.find("HTTP 403 AuthorizationFailed"), std::string::npos) << what;
    EXPECT_NE(what.find("no read access to subscription sub-1"), std::string::npos) << what;
}

TEST(ArmError, NonJsonBodyIsQuotedClipped) {
    const auto error = arm_error(502, "<html>Bad Gateway</html>\r\n" + std::string(500, 'x'), url);
    EXPECT_EQ(error.code(), "");
    const std::string what = error.what();
    EXPECT_NE(what.find("HTTP 502: <html>Bad Gateway</html>"), std::string::npos) << what;
    EXPECT_LT(what.size(), 400u);
}

TEST(ArmClient, OriginComparisonIgnoresCaseAndDefaultPorts) {
    using common::origin_of;
    EXPECT_EQ(origin_of("https://Management.Azure.com/x?y"), "https://management.azure.com:443");
    EXPECT_EQ(origin_of("https://management.azure.com:443/"), "https://management.azure.com:443");
    EXPECT_EQ(origin_of("http://127.0.0.1:8443/subscriptions"), "http://127.0.0.1:8443");
    EXPECT_EQ(origin_of("a://example.com/a"), ""); // the MaximumSet example's nextLink
    EXPECT_EQ(origin_of("/relative"), "");
}

} // namespace
} // namespace cloudsync::collectors::azure
