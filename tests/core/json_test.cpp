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
}

} // namespace cloudsync::json
