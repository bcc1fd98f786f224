// member_array_elements (core/json.hpp): a structural scan of JSON that has
// already parsed. It tracks only strings and nesting, so it is a few times
// faster than serializing the DOM it replaces; anything unexpected ends the
// scan with nullopt and the caller falls back to the DOM.
#include "core/json.hpp"

#include <array>
#include <cstring>

namespace cloudsync::json {
namespace {

class scanner {
public:
    explicit scanner(std::string_view text) : text_(text) {}

    bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    bool take(char c) {
        if (!at(c)) return false;
        ++pos_;
        return true;
    }
    std::size_t pos() const { return pos_; }

    void skip_space() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                text_[pos_] == '\r'))
            ++pos_;
    }

    // A string from its opening quote; its raw bytes (escapes not decoded).
    // memchr finds each quote; one preceded by an odd run of backslashes is
    // escaped and the search goes on.
    std::optional<std::string_view> string() {
        if (!take('"')) return std::nullopt;
        const auto start = pos_;
        for (;;) {
            const void* quote =
                std::memchr(text_.data() + pos_, '"', text_.size() - pos_);
            if (quote == nullptr) return std::nullopt;
            const auto at = static_cast<std::size_t>(static_cast<const char*>(quote) - text_.data());
            std::size_t backslashes = 0;
            while (at - backslashes > start && text_[at - backslashes - 1] == '\\') ++backslashes;
            pos_ = at + 1;
            if (backslashes % 2 == 0) return text_.substr(start, at - start);
        }
    }

    // Any value: a string, an object or array with everything nested in it,
    // or a number or literal (up to the next delimiter).
    bool value() {
        if (pos_ >= text_.size()) return false;
        const char first = text_[pos_];
        if (first == '"') return string().has_value();
        if (first != '{' && first != '[') {
            const auto start = pos_;
            while (pos_ < text_.size() && !delimiter(text_[pos_])) ++pos_;
            return pos_ > start;
        }
        std::size_t depth = 0;
        const auto* data = reinterpret_cast<const unsigned char*>(text_.data());
        while (pos_ < text_.size()) {
            while (pos_ < text_.size() && !structural[data[pos_]]) ++pos_;
            if (pos_ >= text_.size()) return false;
            const char c = text_[pos_];
            if (c == '"') {
                if (!string()) return false;
                continue;
            }
            ++pos_;
            if (c == '{' || c == '[') {
                ++depth;
            } else if (--depth == 0) {
                return true;
            }
        }
        return false;
    }

private:
    // The bytes a nested value's scan stops at: quotes and brackets.
    static constexpr auto structural = [] {
        std::array<bool, 256> table{};
        for (const unsigned char c : {'"', '{', '}', '[', ']'}) table[c] = true;
        return table;
    }();

    static bool delimiter(char c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' ||
               c == '\r';
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

} // namespace

std::optional<std::vector<std::string_view>> member_array_elements(std::string_view text,
                                                                   std::string_view key) {
    scanner in(text);
    std::optional<std::vector<std::string_view>> found;
    in.skip_space();
    if (!in.take('{')) return std::nullopt;
    in.skip_space();
    if (in.take('}')) return std::nullopt;
    for (;;) {
        in.skip_space();
        const auto name = in.string();
        // An escaped key might decode to `key`: which of two the DOM kept is
        // not for a scan to guess.
        if (!name || name->find('\\') != std::string_view::npos) return std::nullopt;
        in.skip_space();
        if (!in.take(':')) return std::nullopt;
        in.skip_space();
        if (*name == key) {
            if (found || !in.take('[')) return std::nullopt; // twice, or not an array
            found.emplace();
            in.skip_space();
            if (!in.take(']')) {
                for (;;) {
                    in.skip_space();
                    const auto start = in.pos();
                    if (!in.value()) return std::nullopt;
                    found->push_back(text.substr(start, in.pos() - start));
                    in.skip_space();
                    if (in.take(']')) break;
                    if (!in.take(',')) return std::nullopt;
                }
            }
        } else if (!in.value()) {
            return std::nullopt;
        }
        in.skip_space();
        if (in.take('}')) break;
        if (!in.take(',')) return std::nullopt;
    }
    return found;
}

} // namespace cloudsync::json
