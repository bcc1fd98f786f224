// The XML reading every AWS page parser shares: local names whatever the
// prefix, single values sent twice refused, element paths in messages, and
// the element-to-JSON conversion of a record's raw.
#include "collectors/aws/detail/arn.hpp"
#include "collectors/aws/detail/xml.hpp"
#include "collectors/errors.hpp"
#include "core/json.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace cloudsync::collectors::aws::detail {
namespace {

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const page_error& e) {
        return e.what();
    }
    return "no page_error";
}

TEST(AwsXml, RefusesTextThatIsNotTheExpectedDocument) {
    EXPECT_EQ(message_of([] { xml_page("not xml", "DescribeVpcsResponse"); }),
              "malformed AWS page: not an XML document (expected DescribeVpcsResponse)");
    EXPECT_EQ(message_of([] { xml_page("<a><b></a>", "a"); }),
              "malformed AWS page: not an XML document (expected a)");
    EXPECT_EQ(
        message_of([] { xml_page("<Response><Errors/></Response>", "DescribeVpcsResponse"); }),
        "malformed AWS page: root element Response, expected DescribeVpcsResponse");
}

TEST(AwsXml, FindsByLocalNameAndNamesPathsInMessages) {
    const xml_page page("<x:R xmlns:x=\"urn:a\"><x:set><x:item><x:id> a </x:id></x:item>"
                        "<x:item><x:id>b</x:id><x:id>c</x:id></x:item></x:set></x:R>",
                        "R");
    const auto set = required_child(page.root(), "set");
    std::vector<std::string> seen;
    EXPECT_EQ(message_of([&] {
                  for_each_child(set, "item", [&](pugi::xml_node item) {
                      seen.push_back(required_text(item, "id"));
                  });
              }),
              "malformed AWS page: R/set/item[2]/id[2] appears twice");
    EXPECT_EQ(seen, std::vector<std::string>{"a"}); // trimmed
    EXPECT_EQ(message_of([&] { required_child(set, "nothing"); }),
              "malformed AWS page: R/set has no nothing");
    EXPECT_EQ(message_of([&] { text_of(set); }),
              "malformed AWS page: R/set holds elements, not text");
}

TEST(AwsXml, ElementToJson) {
    const xml_page page(
        "<R><instanceId>i-1</instanceId><groupSet/><tagSet><item><key>k</key><value/></item>"
        "<item><key>Name</key><value>n &amp; m</value></item></tagSet>"
        "<Buckets><Bucket><Name>a</Name></Bucket><Bucket><Name>b</Name></Bucket></Buckets>"
        "<Values><member>1.5</member></Values><Note><![CDATA[<x>]]></Note></R>",
        "R");
    EXPECT_EQ(json_text(page.root()),
              R"({"instanceId":"i-1","groupSet":"","tagSet":[{"key":"k","value":""},)"
              R"({"key":"Name","value":"n & m"}],"Buckets":{"Bucket":[{"Name":"a"},{"Name":"b"}]},)"
              R"("Values":["1.5"],"Note":"<x>"})");
}

TEST(AwsXml, RefusesNestingTooDeepForJson) {
    std::string text;
    for (int i = 0; i < 100; ++i)
        text += "<a>";
    for (int i = 0; i < 100; ++i)
        text += "</a>";
    const xml_page page(text, "a");
    EXPECT_NE(message_of([&] { to_json(page.root()); }).find("is nested too deeply"),
              std::string::npos);
}

// Found by fuzz_aws_ec2_pages: bytes that are not UTF-8, or a character
// reference to a surrogate, would make raw JSON text that jsonb refuses.
TEST(AwsXml, RefusesTextThatIsNotUtf8) {
    const xml_page bytes("<R><a>caf\xc3\xa9</a><b>\xaf</b><c>&#xD800;</c><d>\xe0\x80\x80</d></R>",
                         "R");
    EXPECT_EQ(text_of(required_child(bytes.root(), "a")), "caf\xc3\xa9");
    EXPECT_EQ(message_of([&] { text_of(required_child(bytes.root(), "b")); }),
              "malformed AWS page: R/b holds text that is not UTF-8");
    EXPECT_EQ(message_of([&] { text_of(required_child(bytes.root(), "c")); }),
              "malformed AWS page: R/c holds text that is not UTF-8");
    EXPECT_EQ(message_of([&] { text_of(required_child(bytes.root(), "d")); }),
              "malformed AWS page: R/d holds text that is not UTF-8"); // overlong
    EXPECT_EQ(message_of([&] { json_text(bytes.root()); }),
              "malformed AWS page: R/b holds text that is not UTF-8");
    const xml_page name("<R><k\xc3\xa9>1</k\xc3\xa9><x\xff>2</x\xff></R>", "R");
    EXPECT_EQ(message_of([&] { json_text(name.root()); }),
              "malformed AWS page: R/x? has a name that is not UTF-8");
}

TEST(AwsArn, Shape) {
    for (const auto* arn : {"arn:aws:s3:::bucket", "arn:aws:ec2:us-east-1:1:instance/i-1",
                            "arn:aws-cn:cloudwatch:cn-north-1:1:alarm:a:b"})
        EXPECT_TRUE(is_arn(arn)) << arn;
    for (const auto* arn : {"", "arn", "arn:aws:s3::", "arn:aws:s3:::", "arn::s3:::b",
                            "arn:aws::::b", "urn:aws:s3:::b", "i-1234"})
        EXPECT_FALSE(is_arn(arn)) << arn;
}

} // namespace
} // namespace cloudsync::collectors::aws::detail
