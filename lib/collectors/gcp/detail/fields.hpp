// Typed reads of the members of a Compute page, for the page parsers of this
// module. Absent and null are the same thing; a member present with another
// type than the API documents makes the page malformed: page_error naming the
// URL path and the member's place (`items["zones/a"].instances[2].status is not
// a string`), so no parser guesses what a mistyped field meant.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::collectors::gcp::detail {

// A place in a page: a chain of member names and indexes, spelt out only when a
// message needs it (so reading a well-formed page builds no strings). Refers to
// its parent, its key and the URL: keep them alive while it is used.
class location {
public:
    explicit location(std::string_view url) : url_(url) {}

    location member(std::string_view key) const { return location(this, key, 0, false); }
    location index(std::size_t i) const { return location(this, {}, i, true); }
    // A member whose name is data (an aggregated list's scope), quoted.
    location scope(std::string_view key) const { return location(this, key, 0, true); }

    std::string path() const;
    std::string_view url() const { return url_; }

    // page_error: "malformed page from GET <path of url>: <place> <problem>".
    [[noreturn]] void fail(std::string_view problem) const;

private:
    location(const location* parent, std::string_view key, std::size_t i, bool bracket)
        : parent_(parent), url_(parent->url_), key_(key), index_(i), bracket_(bracket) {}

    const location* parent_ = nullptr;
    std::string_view url_;
    std::string_view key_;
    std::size_t index_ = 0;
    bool bracket_ = false;
};

// Throws page_error unless value is an object.
const boost::json::object& object_at(const boost::json::value& value, const location& at);

// Member `key` of object (at `at`), or nullptr when absent or null; throws
// page_error when it has another type.
const boost::json::string* optional_string(const boost::json::object& object, std::string_view key,
                                           const location& at);
const boost::json::array* optional_array(const boost::json::object& object, std::string_view key,
                                         const location& at);
const boost::json::object* optional_object(const boost::json::object& object, std::string_view key,
                                           const location& at);
// A resource's `labels` (an object of strings; absent: "{}") as JSON text, the
// record's tags; key names the member where an API calls it otherwise
// (Monitoring's `userLabels`). Throws page_error at the first label that is
// not a string.
std::string labels_of(const boost::json::object& resource, const location& at,
                      std::string_view key = "labels");
std::optional<bool> optional_bool(const boost::json::object& object, std::string_view key,
                                  const location& at);

// The string, or "" when absent.
std::string string_or_empty(const boost::json::object& object, std::string_view key,
                            const location& at);

} // namespace cloudsync::collectors::gcp::detail
