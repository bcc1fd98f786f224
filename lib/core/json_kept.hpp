// Parsing JSON into a DOM that holds only the members a reader asks for. A page
// of a cloud list is megabytes of which a collector reads a few fields per item;
// building every node of it was most of a large sync's parse time, and a DOM
// node that is never built costs neither its allocation nor its cache misses.
// The whole text is still read and checked by Boost.JSON's own parser, so a
// text fails exactly as boost::json::parse fails it, with the same error; what
// is kept is exactly what the full DOM holds there (for a key given twice the
// last one wins, as in boost::json::parse).
#pragma once

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::json {

// Which members of an object to keep, by key, and what to keep of each.
// Arrays are transparent: an array's elements are kept with the array's node.
// A node without members keeps a scalar as it is and an object empty (so its
// presence still shows); keep::all() keeps a whole subtree.
class keep {
public:
    keep() = default;
    keep(std::initializer_list<std::pair<std::string_view, keep>> members);
    static keep all();

    // The node of member `key`, or nullptr when the member is dropped.
    const keep* member(std::string_view key) const noexcept;

private:
    struct entry;
    bool all_ = false;
    std::vector<entry> members_;
};

struct keep::entry {
    std::string key;
    keep node;
};

// The JSON value of `text` with only what `what` keeps, allocated from `sp`.
// On a syntax error (or text after the value) ec is set as boost::json::parse
// sets it and the result is null.
boost::json::value parse_kept(std::string_view text, const keep& what, boost::json::storage_ptr sp,
                              boost::system::error_code& ec);

// The same, also finding the text of each element of the array that is member
// `key` of the top-level object, as member_array_elements (core/json.hpp)
// would, without a second pass over the text: the positions come from the
// parser's own events (a key's text points into `text`). `elements` is
// nullopt wherever that cannot be done safely (an element that is not an
// object with a key, a first key starting with an escape, the member twice,
// an error); the caller then scans or serializes instead.
boost::json::value parse_kept(std::string_view text, const keep& what, boost::json::storage_ptr sp,
                              boost::system::error_code& ec, std::string_view key,
                              std::optional<std::vector<std::string_view>>& elements);

} // namespace cloudsync::json
