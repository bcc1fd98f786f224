// Private to lib/auth/aws: reading AWS Query-protocol XML answers (STS) with
// pugixml, by local element name whatever namespace prefix the answer uses,
// and the ISO 8601 UTC timestamps AWS writes (Expiration). Pure functions.
#pragma once

#include "core/clock.hpp"

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::auth::aws::detail {

// The name without any "prefix:".
std::string_view local_name(const pugi::xml_node& node);

// The first child element whose local name is `name`; empty node when none.
pugi::xml_node child(const pugi::xml_node& node, std::string_view name);

// The text of the element at path (local names from node); "" when absent.
std::string text_at(pugi::xml_node node, std::initializer_list<std::string_view> path);

// The document's root element, or an empty node when body is not XML.
pugi::xml_node root_of(pugi::xml_document& doc, std::string_view body);

// "2019-11-09T13:34:41Z", with optional fractional seconds, or a numeric
// "+hh:mm"/"-hh:mm" offset; nullopt otherwise.
std::optional<clock::system_time> parse_timestamp(std::string_view text);

} // namespace cloudsync::auth::aws::detail
