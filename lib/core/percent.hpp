// Percent-encoding of URL text with RFC 3986's unreserved set (ALPHA DIGIT
// - . _ ~), which form bodies (OAuth token requests, AWS Query APIs) and
// SigV4's canonical URIs all use, its reverse, and the value of a hex digit.
// Nothing else about URLs (boost::url parses them).
#pragma once

#include <string>
#include <string_view>

namespace cloudsync {

// 0..15 for a hex digit of either case, -1 for anything else. Inline: stored
// row ids are read back as hex, 32 digits each, a million per large run.
constexpr int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Every byte outside the unreserved set as %XX (upper-case hex); '/' kept as
// it is when keep_slash (a path).
std::string percent_encode(std::string_view text, bool keep_slash = false);

// %XX becomes its byte; a '%' not followed by two hex digits stays as it is.
std::string percent_decode(std::string_view text);

} // namespace cloudsync
