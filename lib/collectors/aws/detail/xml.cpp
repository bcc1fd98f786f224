#include "collectors/aws/detail/xml.hpp"

#include "collectors/errors.hpp"
#include "core/json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace cloudsync::collectors::aws::detail {

namespace {

constexpr std::size_t name_limit = 64; // of an element name in a message
constexpr int depth_limit = 64;

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points above
// U+10FFFF): pugixml passes bytes through unchecked and decodes character
// references such as &#xD800; into surrogates, and neither may reach JSON text
// (PostgreSQL's jsonb refuses it).
bool is_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code = 0;
        if ((c & 0xe0) == 0xc0) {
            length = 2;
            code = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            length = 3;
            code = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            length = 4;
            code = c & 0x07;
        } else {
            return false;
        }
        if (i + length > text.size())
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80)
                return false;
            code = (code << 6) | (next & 0x3f);
        }
        constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < smallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
            return false;
        i += length;
    }
    return true;
}

bool has_element_child(pugi::xml_node node) {
    for (auto child = node.first_child(); child; child = child.next_sibling())
        if (child.type() == pugi::node_element)
            return true;
    return false;
}

// The character data directly in element (pcdata and CDATA sections, joined);
// throws page_error when it is not UTF-8.
std::string own_text(pugi::xml_node element) {
    std::string out;
    for (auto child = element.first_child(); child; child = child.next_sibling())
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
            out += child.value();
    if (!is_utf8(out))
        fail(element, "holds text that is not UTF-8");
    return out;
}

// "name" or "name[k]" (1-based among same-named siblings, when there are several).
// Bytes outside printable ASCII become '?': a message stays one clean line.
std::string step(pugi::xml_node node) {
    const auto name = local_name(node);
    std::string out(name.substr(0, name_limit));
    for (auto& c : out)
        if (c < 0x20 || c > 0x7e)
            c = '?';
    std::size_t index = 0;
    std::size_t count = 0;
    for (auto sibling = node.parent().first_child(); sibling; sibling = sibling.next_sibling()) {
        if (sibling.type() != pugi::node_element || local_name(sibling) != name)
            continue;
        ++count;
        if (sibling == node)
            index = count;
    }
    if (count > 1)
        out += "[" + std::to_string(index) + "]";
    return out;
}

std::string path_of(pugi::xml_node node) {
    std::vector<std::string> steps;
    for (; node && node.type() == pugi::node_element; node = node.parent())
        steps.push_back(step(node));
    std::string out;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it)
        out += (out.empty() ? "" : "/") + *it;
    return out.empty() ? "the page" : out;
}

bool is_list_entry(std::string_view name) {
    return name == "item" || name == "member";
}

boost::json::value convert(pugi::xml_node element, int depth) {
    if (depth > depth_limit)
        fail(element, "is nested too deeply");
    if (!has_element_child(element))
        return boost::json::string(own_text(element));
    bool list = true;
    for (auto child = element.first_child(); child; child = child.next_sibling())
        if (child.type() == pugi::node_element && !is_list_entry(local_name(child)))
            list = false;
    if (list) {
        boost::json::array out;
        for (auto child = element.first_child(); child; child = child.next_sibling())
            if (child.type() == pugi::node_element)
                out.push_back(convert(child, depth + 1));
        return out;
    }
    boost::json::object out;
    std::vector<std::string> repeated; // keys whose value became an array here
    for (auto child = element.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element)
            continue;
        const auto key = local_name(child);
        if (!is_utf8(key))
            fail(child, "has a name that is not UTF-8");
        auto value = convert(child, depth + 1);
        auto* existing = out.if_contains(key);
        if (existing == nullptr) {
            out.emplace(key, std::move(value));
        } else if (std::find(repeated.begin(), repeated.end(), key) != repeated.end()) {
            existing->get_array().push_back(std::move(value));
        } else {
            boost::json::array both{std::move(*existing), std::move(value)};
            *existing = std::move(both);
            repeated.emplace_back(key);
        }
    }
    return out;
}

} // namespace

xml_page::xml_page(std::string_view text, std::string_view root) {
    root_ = try_parse(document_, text);
    if (!root_)
        throw page_error("malformed AWS page: not an XML document (expected " +
                         std::string(root.substr(0, name_limit)) + ")");
    if (local_name(root_) != root)
        throw page_error("malformed AWS page: root element " +
                         std::string(local_name(root_).substr(0, name_limit)) + ", expected " +
                         std::string(root.substr(0, name_limit)));
}

pugi::xml_node try_parse(pugi::xml_document& document, std::string_view text) noexcept {
    // No DOCTYPE expansion beyond the predefined entities (pugixml never loads
    // external entities); whitespace-only text between elements is dropped.
    const auto result =
        document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result)
        return {};
    return document.document_element();
}

std::string_view local_name(pugi::xml_node node) noexcept {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

void fail(pugi::xml_node at, std::string_view problem) {
    throw page_error("malformed AWS page: " + path_of(at) + " " + std::string(problem));
}

pugi::xml_node optional_child(pugi::xml_node parent, std::string_view name) {
    pugi::xml_node found;
    for_each_child(parent, name, [&](pugi::xml_node child) {
        if (found)
            fail(child, "appears twice");
        found = child;
    });
    return found;
}

pugi::xml_node required_child(pugi::xml_node parent, std::string_view name) {
    const auto child = optional_child(parent, name);
    if (!child)
        fail(parent, "has no " + std::string(name));
    return child;
}

std::string text_of(pugi::xml_node element) {
    if (has_element_child(element))
        fail(element, "holds elements, not text");
    return std::string(trimmed(own_text(element)));
}

std::optional<std::string> optional_text(pugi::xml_node parent, std::string_view name) {
    const auto child = optional_child(parent, name);
    if (!child)
        return std::nullopt;
    return text_of(child);
}

std::string text_or_empty(pugi::xml_node parent, std::string_view name) {
    return optional_text(parent, name).value_or(std::string());
}

std::string required_text(pugi::xml_node parent, std::string_view name) {
    auto text = optional_text(parent, name);
    if (!text)
        fail(parent, "has no " + std::string(name));
    if (text->empty())
        fail(optional_child(parent, name), "is empty");
    return std::move(*text);
}

boost::json::value to_json(pugi::xml_node element) {
    return convert(element, 0);
}

std::string json_text(pugi::xml_node element) {
    return json::to_text(to_json(element));
}

} // namespace cloudsync::collectors::aws::detail
