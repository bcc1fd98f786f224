#include "core/text.hpp"

#include <cstdint>

namespace cloudsync {
namespace {

constexpr char lower_ascii(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = lower_ascii(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
    return true;
}

bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// A message may quote what a client or a cloud sent, percent-decoded or clipped
// into any bytes (found by fuzz_api_request: "/sync?account=%ff" answered a body
// no JSON parser takes).
std::string valid_utf8(std::string_view text) {
    static constexpr std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000}; // no overlong forms
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t n = lead < 0x80           ? 1
                              : (lead >> 5) == 0x6  ? 2
                              : (lead >> 4) == 0xE  ? 3
                              : (lead >> 3) == 0x1E ? 4
                                                    : 0;
        bool ok = n > 0 && i + n <= text.size();
        std::uint32_t code = lead & (0x7F >> n);
        for (std::size_t k = 1; ok && k < n; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            ok = (next & 0xC0) == 0x80;
            code = (code << 6) | (next & 0x3F);
        }
        ok = ok && code >= least[n] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
        if (ok) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

} // namespace cloudsync
