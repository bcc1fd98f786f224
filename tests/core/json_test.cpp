#include "core/json.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::json {

TEST(JsonHelpers, AbsentAndNullAreTheSame) {
    const auto doc = boost::json::parse(R"({"a":{"b":"x","n":null,"f":true}})");
    EXPECT_EQ(string_at(doc, {"a", "b"}), "x");
    EXPECT_EQ(string_at(doc, {"a", "n"}), std::nullopt);
    EXPECT_EQ(string_at(doc, {"a", "missing"}), std::nullopt);
    EXPECT_EQ(string_or_empty(doc, {"a", "b", "c"}), "");
    EXPECT_EQ(bool_at(doc, {"a", "f"}), true);
    EXPECT_EQ(find(doc, {"a", "n"}), nullptr);
    EXPECT_EQ(string_view_at(doc, {"a", "b"}), "x");
    EXPECT_EQ(string_view_at(doc, {"a", "n"}), "");
    EXPECT_EQ(string_view_at(doc, {"a", "f"}), "");
    EXPECT_EQ(string_view_at(doc, {"a", "b", "c"}), "");
}

TEST(MemberArrayElements, SlicesEachElementAsWritten) {
    const std::string text = R"( { "nextLink" : "x]}" , "value" : [ {"a":"}\"]","b":[1,{}]} ,)"
                             R"( 12.5e3, "s\\" ,[ ] , null ], "more": {"value": [9]} } )";
    ASSERT_NO_THROW(boost::json::parse(text));
    const auto elements = member_array_elements(text, "value");
    ASSERT_TRUE(elements.has_value());
    const std::vector<std::string_view> expected{R"({"a":"}\"]","b":[1,{}]})", "12.5e3",
                                                 R"("s\\")", "[ ]", "null"};
    EXPECT_EQ(*elements, expected);
    // Each slice is the element itself: it parses to what the DOM holds.
    const auto doc = boost::json::parse(text);
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(boost::json::parse((*elements)[i]), doc.at("value").at(i));
}

TEST(MemberArrayElements, EmptyArrayAndNestedKeysOfTheSameName) {
    EXPECT_EQ(member_array_elements(R"({"value":[]})", "value"),
              std::optional<std::vector<std::string_view>>(std::vector<std::string_view>{}));
    // Only the top-level member counts.
    EXPECT_EQ(member_array_elements(R"({"x":{"value":[1]}})", "value"), std::nullopt);
}

TEST(MemberArrayElements, DeclinesWhatItCannotSplitSafely) {
    EXPECT_EQ(member_array_elements(R"({"value":{"a":1}})", "value"), std::nullopt);  // not an array
    EXPECT_EQ(member_array_elements(R"({"value":[1],"value":[2]})", "value"), std::nullopt);
    EXPECT_EQ(member_array_elements(R"({"val\u0075e":[1]})", "value"), std::nullopt);
    EXPECT_EQ(member_array_elements(R"([1,2])", "value"), std::nullopt);
    EXPECT_EQ(member_array_elements(R"({"value":[1,2)", "value"), std::nullopt); // cut short
    EXPECT_EQ(member_array_elements(R"({"value":[{"a":"b)", "value"), std::nullopt);
    EXPECT_EQ(member_array_elements("", "value"), std::nullopt);
}

// Found by fuzz_azure_vm_page: tags {"a":1e999} became the text {"a":Infinity},
// which is not JSON, so the store could not write the row.
TEST(JsonHelpers, ToTextWritesNonFiniteNumbersAsNull) {
    const auto doc = boost::json::parse(R"({"a":1e999,"b":[-1e999,0e999,1.5],"c":"x"})");
    const auto text = to_text(doc);
    EXPECT_EQ(text, R"({"a":null,"b":[null,null,1.5E0],"c":"x"})");
    EXPECT_NO_THROW(boost::json::parse(text));
    EXPECT_EQ(to_text(boost::json::parse(R"({"a":[1,{"b":2}]})")), R"({"a":[1,{"b":2}]})");
}

} // namespace cloudsync::json
