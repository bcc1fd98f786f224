// Small read helpers over Boost.JSON for parsers of cloud API pages. They return
// pointers/optionals for *optional* fields (absent and null are the same thing
// in cloud payloads) and never throw for a missing field; a parser that needs a
// field throws its own error naming it.
#pragma once

#include <boost/json/value.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::json {

// Walks object keys; nullptr when any step is missing, null or not an object.
const boost::json::value* find(const boost::json::value& root,
                               std::initializer_list<std::string_view> path);

// The string at path, or nullopt when absent, null or not a string.
std::optional<std::string> string_at(const boost::json::value& root,
                                     std::initializer_list<std::string_view> path);

// The string at path, or "" when absent (for columns where empty means unknown).
std::string string_or_empty(const boost::json::value& root,
                            std::initializer_list<std::string_view> path);

// The bool at path, or nullopt.
std::optional<bool> bool_at(const boost::json::value& root,
                            std::initializer_list<std::string_view> path);

// Compact JSON text of a value (the form stored in jsonb columns).
std::string to_text(const boost::json::value& value);

} // namespace cloudsync::json
