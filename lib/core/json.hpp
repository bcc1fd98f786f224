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
#include <vector>

namespace cloudsync::json {

// Walks object keys; nullptr when any step is missing, null or not an object.
const boost::json::value* find(const boost::json::value& root,
                               std::initializer_list<std::string_view> path);

// The string at path as a view into the document (no copy), or "" when absent,
// null or not a string.
std::string_view string_view_at(const boost::json::value& root,
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

// Compact JSON text of a value (the form stored in jsonb columns). A number
// Boost.JSON read as infinite or NaN ("1e999", "0e999") is written as null:
// JSON has no spelling for it.
std::string to_text(const boost::json::value& value);

// The source text of each element of the array that is member `key` of the
// top-level object in `text`, in order: slices of `text`, so a parser that
// already holds the page can keep an element's text without serializing its
// DOM again. `text` must be JSON that parsed; nullopt when the member is
// absent, not an array, spelled with escapes or present twice (the caller then
// serializes the DOM instead).
std::optional<std::vector<std::string_view>> member_array_elements(std::string_view text,
                                                                   std::string_view key);

} // namespace cloudsync::json
