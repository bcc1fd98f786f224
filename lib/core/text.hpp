// Helpers for protocol text. ASCII case: header names, URL schemes and hosts,
// ARM ids (case-insensitive by contract), enum words from cloud payloads;
// locale-independent on purpose: "I" must lower to "i" whatever the locale.
// UTF-8 repair for text that came from outside and goes where only valid UTF-8
// may (JSON bodies, PostgreSQL text and jsonb).
#pragma once

#include <string>
#include <string_view>

namespace cloudsync {

std::string to_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;

// `text` with every byte that does not begin a well-formed UTF-8 sequence
// (stray continuation bytes, a sequence cut short, overlong forms, surrogates)
// replaced by U+FFFD; valid text comes back unchanged.
std::string valid_utf8(std::string_view text);

} // namespace cloudsync
