#include "cloudsim/detail/json_out.hpp"

#include <charconv>

namespace cloudsync::cloudsim::detail {

void append_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    // Copy clean runs in bulk: almost every value we write needs no escaping.
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
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
