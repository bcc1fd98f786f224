#include "cloudsim/detail/aws_token.hpp"

#include <charconv>

namespace cloudsync::cloudsim::detail {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Encodes to "++//" at the start of every token.
constexpr std::string_view marker = "\xfb\xef\xff";

std::string encode(std::string_view data) {
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const auto n = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
        for (int shift = 18; shift >= 0; shift -= 6)
            out += alphabet[(n >> shift) & 63];
    }
    if (i < data.size()) {
        const auto rest = data.size() - i;
        auto n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16;
        if (rest == 2)
            n |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> decode(std::string_view text) {
    if (text.size() % 4 != 0)
        return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        unsigned n = 0;
        int pad = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=') {
                ++pad;
                n <<= 6;
                continue;
            }
            const auto at = alphabet.find(c);
            if (at == std::string_view::npos || pad > 0)
                return std::nullopt;
            n = (n << 6) | static_cast<unsigned>(at);
        }
        out += static_cast<char>((n >> 16) & 0xff);
        if (pad < 2)
            out += static_cast<char>((n >> 8) & 0xff);
        if (pad < 1)
            out += static_cast<char>(n & 0xff);
    }
    return out;
}

} // namespace

std::string aws_page_token(std::string_view kind, std::uint64_t position) {
    std::string payload = std::string(marker) + std::string(kind) + "|" + std::to_string(position);
    if (payload.size() % 3 == 0)
        payload += '|'; // so the text always ends in padding
    return encode(payload);
}

std::optional<std::uint64_t> aws_page_position(std::string_view kind, std::string_view token) {
    auto payload = decode(token);
    if (!payload)
        return std::nullopt;
    std::string_view p = *payload;
    if (!p.starts_with(marker))
        return std::nullopt;
    p.remove_prefix(marker.size());
    if (!p.starts_with(kind) || p.size() <= kind.size() || p[kind.size()] != '|')
        return std::nullopt;
    p.remove_prefix(kind.size() + 1);
    if (p.ends_with('|'))
        p.remove_suffix(1);
    std::uint64_t position = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), position);
    if (ec != std::errc{} || end != p.data() + p.size())
        return std::nullopt;
    return position;
}

} // namespace cloudsync::cloudsim::detail
