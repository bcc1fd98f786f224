// ASCII case helpers for protocol text: header names, URL schemes and hosts,
// ARM ids (case-insensitive by contract), enum words from cloud payloads.
// Locale-independent on purpose: "I" must lower to "i" whatever the locale.
#pragma once

#include <string>
#include <string_view>

namespace cloudsync {

std::string to_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b) noexcept;
bool istarts_with(std::string_view text, std::string_view prefix) noexcept;

} // namespace cloudsync
