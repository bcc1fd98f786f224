// Reading AWS XML answers (EC2 and Query protocol, S3 REST) with pugixml, for
// the page parsers of this module: parse a page, find elements by local name
// (namespaces and prefixes vary between API versions), read text, and turn an
// element into JSON for a record's raw. AWS may send elements in any order and
// without whitespace (facts.md), so nothing here depends on either. A page
// that is not what the API promises is a page_error naming the element's path
// (`DescribeInstancesResponse/reservationSet/item[2]/instancesSet/item[1] has
// no instanceId`), never its values. What is not here: any one API's shape.
#pragma once

#include <boost/json/value.hpp>
#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::collectors::aws::detail {

// A parsed XML page. Not copyable: nodes point into it.
class xml_page {
public:
    // Throws page_error when text is not well-formed XML or its root element's
    // local name is not root (e.g. an error body where a result was expected).
    xml_page(std::string_view text, std::string_view root);
    xml_page(const xml_page&) = delete;
    xml_page& operator=(const xml_page&) = delete;

    pugi::xml_node root() const noexcept { return root_; }

private:
    pugi::xml_document document_;
    pugi::xml_node root_;
};

// Parses text; the root element, or an empty node when text is not XML or has
// none. For readers that must not throw (error bodies).
pugi::xml_node try_parse(pugi::xml_document& document, std::string_view text) noexcept;

// The name without a namespace prefix ("ec2:item" -> "item").
std::string_view local_name(pugi::xml_node node) noexcept;

// page_error "malformed AWS page: <path of at> <problem>".
[[noreturn]] void fail(pugi::xml_node at, std::string_view problem);

// The one child element of parent with that local name, or an empty node when
// there is none; throws page_error when there are several (a single value
// sent twice is not something to choose from).
pugi::xml_node optional_child(pugi::xml_node parent, std::string_view name);
// The same, throwing page_error when there is none.
pugi::xml_node required_child(pugi::xml_node parent, std::string_view name);

// The text of the one child `name`, whitespace trimmed; nullopt when absent.
// Throws page_error when it is there twice or holds elements instead of text.
std::optional<std::string> optional_text(pugi::xml_node parent, std::string_view name);
// The same, "" when absent.
std::string text_or_empty(pugi::xml_node parent, std::string_view name);
// The same, throwing page_error when absent or empty.
std::string required_text(pugi::xml_node parent, std::string_view name);
// The trimmed text of element itself; throws page_error when it holds elements
// or is not UTF-8 (pugixml checks neither the bytes nor the character
// references it decodes, and JSON text must be UTF-8).
std::string text_of(pugi::xml_node element);

// Calls f(child) for every child element of parent with that local name, in
// document order.
template <class F> void for_each_child(pugi::xml_node parent, std::string_view name, F&& f) {
    for (auto child = parent.first_child(); child; child = child.next_sibling())
        if (child.type() == pugi::node_element && local_name(child) == name)
            f(child);
}

// The element as JSON: an element with child elements is an object of them by
// local name (a name repeated becomes an array of its values: S3's flattened
// lists), unless they are all `item` or `member` (EC2 and Query lists), which
// makes it an array; an element without children is its text ("" when empty,
// so an empty list such as `<groupSet/>` is "" too: XML cannot tell them
// apart). Attributes (xmlns) are left out. Throws page_error when nested
// deeper than 64 levels or a name or text is not UTF-8.
boost::json::value to_json(pugi::xml_node element);
// to_json as compact JSON text (a record's raw).
std::string json_text(pugi::xml_node element);

} // namespace cloudsync::collectors::aws::detail
