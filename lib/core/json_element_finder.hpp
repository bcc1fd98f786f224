// element_finder: the text of each element of one top-level array member of
// a JSON text, found from a parser's events instead of a second pass over the
// text (parse_kept's handler drives it; core/json_kept.hpp). Internal to core.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace cloudsync::json {

// Only keys carry a position (their text is a view of the input), so an
// element object starts at the '{' before its first key, and ends at the '}'
// found by stepping back from what follows it: the next element's '{' (over
// ',') or, for the last one, the next key of the top-level object or the end
// of the text (over ']'). Every step back is checked: whitespace, then exactly
// the expected character, or the finder gives up. The events (of every value,
// kept or dropped) must arrive in text order, from one parse of all of `text`.
class element_finder {
public:
    // Finds the elements of member `key` of the top-level object of `text`.
    // Until called, the finder finds nothing.
    void start(std::string_view text, std::string_view key);
    // The elements, or nullopt (not found, or not placed safely).
    std::optional<std::vector<std::string_view>> result() const;

    void container_begin(bool object);
    void container_end();
    // A key's text: a first part (`whole` empty: the key holds an escape) or
    // the whole key (then `whole` is its decoded text).
    void key_text(const char* at, std::string_view whole);
    void scalar();
    void document_end();

private:
    enum class state { before, armed, in_array, closing, done, failed };

    void fail() { state_ = state::failed; }
    bool inside(const char* at) const;
    bool back_to(std::size_t& at, char expected) const;
    void element_begins(const char* key_start);
    void last_element_ends(const char* key_start);
    void array_ends_before(std::size_t at);

    std::string_view text_;
    std::string_view key_;
    state state_ = state::failed;
    std::size_t depth_ = 0;
    bool want_first_key_ = false;
    std::size_t open_ = 0; // the '{' of the element being read
    std::vector<std::string_view> found_;
};

} // namespace cloudsync::json
