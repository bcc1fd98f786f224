#include "cloudsim/detail/json_out.hpp"

#include <charconv>
#include <cstring>

namespace cloudsync::cloudsim::detail {

namespace {

constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;

// True when any of the 8 bytes of x is a control character, '"' or '\\':
// the word-at-a-time test (Hacker's Delight "has a byte less than n" / "has
// a zero byte") so clean text, almost all we write, is scanned 8 bytes a step.
constexpr bool needs_escape(std::uint64_t x) {
    const std::uint64_t control = (x - ones * 0x20) & ~x;
    const std::uint64_t quote = x ^ (ones * '"');
    const std::uint64_t backslash = x ^ (ones * '\\');
    return ((control | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs) != 0;
}

} // namespace

void append_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    // Copy clean runs in bulk: almost every value we write needs no escaping.
    std::size_t run = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.size() - i >= 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, text.data() + i, 8);
            if (!needs_escape(word)) {
                i += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(text[i++]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + run, i - 1 - run);
        run = i;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            out += "\\u00";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xf]);
        }
    }
    out.append(text.data() + run, text.size() - run);
    out.push_back('"');
}

void append_key(std::string& out, std::string_view key) {
    append_string(out, key);
    out.push_back(':');
}

void append_member(std::string& out, std::string_view key, std::string_view value, bool comma) {
    append_key(out, key);
    append_string(out, value);
    if (comma) out.push_back(',');
}

void append_number(std::string& out, std::uint64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace cloudsync::cloudsim::detail
