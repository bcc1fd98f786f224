#include "core/json_kept.hpp"

#include "core/json.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cloudsync::json {
namespace {

boost::json::value kept(std::string_view text, const keep& what) {
    boost::system::error_code ec;
    auto value = parse_kept(text, what, {}, ec);
    EXPECT_FALSE(ec) << ec.message() << " in " << text;
    return value;
}

TEST(ParseKept, KeepsOnlyTheMembersAskedFor) {
    const keep what{{"id", {}},
                    {"tags", keep::all()},
                    {"properties", {{"size", {}}, {"nics", {{"id", {}}}}, {"flag", {}}}}};
    const auto text =
        R"({"id":"a","skip":{"deep":[1,{"id":"no"}],"s":"x"},"tags":{"k":[1,2,{"x":null}]},)"
        R"("properties":{"size":"L","other":[{"id":"no"}],"nics":[{"id":"n1","p":1},)"
        R"({"q":2},"str",[{"id":"n2"}]],"flag":{"anything":true}}})";
    EXPECT_EQ(kept(text, what),
              boost::json::parse(R"({"id":"a","tags":{"k":[1,2,{"x":null}]},"properties":)"
                                 R"({"size":"L","nics":[{"id":"n1"},{},"str",[{"id":"n2"}]],)"
                                 R"("flag":{}}})"));
}

TEST(ParseKept, AKeyGivenTwiceKeepsTheLastAsTheFullParseDoes) {
    const keep what{{"a", {{"b", {}}}}, {"c", {}}};
    const std::pair<const char*, const char*> cases[] = {
        {R"({"a":{"b":1},"a":{"x":2},"c":1,"d":0,"c":[3]})", R"({"a":{},"c":[3]})"},
        {R"({"a":{"b":1,"b":"two"},"c":{"c":1},"c":null})", R"({"a":{"b":"two"},"c":null})"},
        {R"({"a":"s","a":{"b":{"deep":1}},"z":{"a":1}})", R"({"a":{"b":{}}})"}};
    for (const auto& [text, expected] : cases) {
        EXPECT_EQ(kept(text, what), boost::json::parse(expected)) << text;
        // The same member wins in the full DOM.
        const auto whole = boost::json::parse(text);
        EXPECT_EQ(whole.at("a").kind(), kept(text, what).at("a").kind()) << text;
    }
    EXPECT_EQ(boost::json::parse(R"({"a":{"b":1},"a":{"x":2}})").at("a"),
              boost::json::parse(R"({"x":2})"));
}

TEST(ParseKept, KeysAreMatchedAsDecoded) {
    const keep what{{"id", {}}, {"n\"ame", {}}};
    EXPECT_EQ(kept(R"({"\u0069d":"x","n\"ame":"y","i\u0064x":1})", what),
              boost::json::parse(R"({"id":"x","n\"ame":"y"})"));
}

TEST(ParseKept, StringsAndNumbersAreKeptAsTheFullParseReadsThem) {
    const auto text = R"([{"s":"a\u00e9\n\"b","i":-12,"u":18446744073709551615,"d":1.5e300,)"
                      R"("big":1e999,"t":true,"n":null}])";
    EXPECT_EQ(boost::json::serialize(kept(text, keep::all())),
              boost::json::serialize(boost::json::parse(text)));
}

TEST(ParseKept, FailsAsTheFullParseFails) {
    const keep what{{"value", {{"id", {}}}}};
    std::string deep(40, '[');
    for (const std::string& text :
         {std::string(R"({"value":[{"id":"a"}]} x)"), std::string(R"({"value":[{"id":"a"})"),
          std::string(R"({"value":[{"skip":tru}]})"), std::string(R"({"skip":"\x"})"),
          std::string(""), std::string(R"({"value":[1,]})"), deep + "1" + std::string(40, ']')}) {
        boost::system::error_code full_ec, kept_ec;
        (void)boost::json::parse(text, full_ec);
        const auto value = parse_kept(text, what, {}, kept_ec);
        EXPECT_TRUE(kept_ec) << text;
        EXPECT_EQ(kept_ec, full_ec) << text;
        EXPECT_TRUE(value.is_null());
    }
}

TEST(ParseKept, ANodeWithoutMembersKeepsScalarsAndEmptiesContainers) {
    EXPECT_EQ(kept(R"({"a":{"b":1}})", keep{}), boost::json::parse("{}"));
    EXPECT_EQ(kept(R"("text")", keep{}), boost::json::parse(R"("text")"));
    EXPECT_EQ(kept(R"([{"a":1},2,[3]])", keep{}), boost::json::parse("[{},2,[3]]"));
}

} // namespace
} // namespace cloudsync::json

namespace cloudsync::json {
namespace {

using slices = std::optional<std::vector<std::string_view>>;

slices kept_elements(std::string_view text, const keep& what = {}) {
    boost::json::monotonic_resource arena;
    boost::system::error_code ec;
    slices out;
    parse_kept(text, what, &arena, ec, "value", out);
    return out;
}

// Where the parse finds the elements, they are exactly the structural scan's;
// where it gives up (nullopt), the caller scans or serializes instead.
TEST(ParseKept, FindsTheElementsTheScanFinds) {
    const keep fields{{"value", {{"id", {}}}}, {"nextLink", {}}};
    for (const std::string_view text : {
             R"({"value":[{"id":"a"},{"id":"b","x":[1,{"y":"}]"}]}],"nextLink":"n"})",
             " {\n \"value\" : [ {\"id\" : \"a\\\"}\"} ,\n\t{ \"k\":{}, \"id\":2 } ] } \n",
             R"({"nextLink":"n","value":[{"z":null}],"other":{"value":[5]}})",
             R"({"value":[]})",
             R"({"value":[ ],"nextLink":null})",
             R"({"value":[{"a\u0041":1},{"id":"x"}]})", // escaped, but not first
             R"({"value":[{"":1}]})",
         }) {
        const auto found = kept_elements(text, fields);
        ASSERT_TRUE(found) << text;
        EXPECT_EQ(found, member_array_elements(text, "value")) << text;
        EXPECT_EQ(found, kept_elements(text)) << text; // whatever is kept
    }
}

TEST(ParseKept, GivesUpOnElementsItCannotPlaceSafely) {
    for (const std::string_view text : {
             R"({"value":[{"id":1},2]})",          // an element that is not an object
             R"({"value":[{}]})",                  // an object without a key
             R"({"value":[{"\u0069d":1}]})",       // its first key starts with an escape
             R"({"value":[1],"value":[{"a":1}]})", // the member twice
             R"({"val\u0075e":[{"a":1}]})",        // a top-level key with an escape
             R"({"value":{"a":1}})",               // not an array
             R"({"x":[{"a":1}]})",                 // no such member
             R"([{"value":[{"a":1}]}])",           // not an object
             R"({"value":[{"a":1}])",              // cut short
             R"({"value":[{"a":1}]} x)",           // text after the value
         })
        EXPECT_EQ(kept_elements(text), std::nullopt) << text;
}

} // namespace
} // namespace cloudsync::json
