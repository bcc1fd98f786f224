#include "core/json_element_finder.hpp"

namespace cloudsync::json {
namespace {

bool json_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

void element_finder::start(std::string_view text, std::string_view key) {
    text_ = text;
    key_ = key;
    state_ = state::before;
    depth_ = 0;
    found_.clear();
}

std::optional<std::vector<std::string_view>> element_finder::result() const {
    if (state_ != state::done)
        return std::nullopt;
    return found_;
}

void element_finder::container_begin(bool object) {
    ++depth_;
    if (state_ == state::armed) {
        state_ = (!object && depth_ == 2) ? state::in_array : state::failed;
    } else if (state_ == state::in_array && depth_ == 3) {
        if (!object)
            return fail();
        want_first_key_ = true;
    }
}

void element_finder::container_end() {
    if (state_ == state::in_array) {
        if (depth_ == 3 && want_first_key_)
            fail(); // an element without a key: {}
        else if (depth_ == 2)
            state_ = state::closing; // the last element's end comes later
    }
    --depth_;
}

void element_finder::key_text(const char* at, std::string_view whole) {
    const bool part = whole.data() == nullptr;
    if (state_ == state::in_array && depth_ == 3 && want_first_key_) {
        want_first_key_ = false;
        element_begins(at);
    } else if (state_ == state::closing && depth_ == 1) {
        last_element_ends(at);
    }
    if (depth_ != 1 || state_ == state::failed)
        return;
    // Top-level keys count only as written: one with an escape might decode
    // to `key`, and which of two the DOM kept is not ours to guess.
    if (part || !inside(at))
        return fail();
    if (whole == key_) {
        if (state_ == state::before)
            state_ = state::armed;
        else
            fail(); // the member twice
    }
}

void element_finder::scalar() {
    if (state_ == state::armed || (state_ == state::in_array && depth_ == 2))
        fail();
}

void element_finder::document_end() {
    if (state_ == state::closing) {
        // Step back over the top-level object's '}'.
        std::size_t at = text_.size();
        if (!back_to(at, '}'))
            return fail();
        array_ends_before(at);
    } else if (state_ == state::before) {
        fail(); // no such member
    }
}

bool element_finder::inside(const char* at) const {
    return at >= text_.data() && at <= text_.data() + text_.size();
}

// Steps back from `at` over whitespace to `expected`; `at` becomes its index.
bool element_finder::back_to(std::size_t& at, char expected) const {
    while (at > 0 && json_space(text_[at - 1]))
        --at;
    if (at == 0 || text_[at - 1] != expected)
        return false;
    --at;
    return true;
}

void element_finder::element_begins(const char* key_start) {
    if (!inside(key_start))
        return fail(); // the key began with an escape: its text is a copy
    std::size_t at = static_cast<std::size_t>(key_start - text_.data());
    if (!back_to(at, '"') || !back_to(at, '{'))
        return fail();
    if (!found_.empty()) {
        std::size_t end = at;
        if (!back_to(end, ',') || !back_to(end, '}') || end < open_)
            return fail();
        found_.back() = text_.substr(open_, end + 1 - open_);
    }
    open_ = at;
    found_.emplace_back(); // its end is set by what follows it
}

// The array ended: step back to its ']' from the next top-level key's first
// character (over the key's quote and a ',').
void element_finder::last_element_ends(const char* key_start) {
    if (!inside(key_start))
        return fail();
    std::size_t at = static_cast<std::size_t>(key_start - text_.data());
    if (!back_to(at, '"') || !back_to(at, ','))
        return fail();
    array_ends_before(at);
}

// ... or from the top-level object's '}' at `at`.
void element_finder::array_ends_before(std::size_t at) {
    if (!back_to(at, ']'))
        return fail();
    if (!found_.empty()) {
        if (!back_to(at, '}') || at < open_)
            return fail();
        found_.back() = text_.substr(open_, at + 1 - open_);
    }
    state_ = state::done;
}

} // namespace cloudsync::json
