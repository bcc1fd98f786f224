// Appends JSON text straight into a string: pages of thousands of resources are
// written without building a DOM. The caller is responsible for commas and
// structure; these helpers only make each token correct (escaping, numbers).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim::detail {

// Appends "text" with JSON escaping.
void append_string(std::string& out, std::string_view text);
// Appends "key": (the key is escaped too).
void append_key(std::string& out, std::string_view key);
// Appends "key":"value",  — the common case in resource bodies.
void append_member(std::string& out, std::string_view key, std::string_view value,
                   bool comma = true);
void append_number(std::string& out, std::uint64_t value);

} // namespace cloudsync::cloudsim::detail
