#include "auth/aws/detail/xml.hpp"

#include <charconv>

namespace cloudsync::auth::aws::detail {

std::string_view local_name(const pugi::xml_node& node) {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
    for (auto element = node.first_child(); element; element = element.next_sibling())
        if (element.type() == pugi::node_element && local_name(element) == name)
            return element;
    return {};
}

std::string text_at(pugi::xml_node node, std::initializer_list<std::string_view> path) {
    for (const auto name : path)
        node = child(node, name);
    return node ? std::string(node.child_value()) : std::string();
}

pugi::xml_node root_of(pugi::xml_document& doc, std::string_view body) {
    if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8))
        return {};
    return doc.document_element();
}

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size())
        return false;
    const auto* first = text.data() + at;
    const auto result = std::from_chars(first, first + count, out);
    return result.ec == std::errc() && result.ptr == first + count;
}

} // namespace

std::optional<clock::system_time> parse_timestamp(std::string_view text) {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!digits(text, 0, 4, y) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, mo) ||
        text[7] != '-' || !digits(text, 8, 2, d) || (text[10] != 'T' && text[10] != 't') ||
        !digits(text, 11, 2, h) || text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' ||
        !digits(text, 17, 2, s))
        return std::nullopt;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                              day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 60)
        return std::nullopt;
    auto rest = text.substr(19);
    if (!rest.empty() && rest.front() == '.') { // fractional seconds: ignored
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9')
            rest.remove_prefix(1);
    }
    auto time = sys_days(date) + hours(h) + minutes(mi) + seconds(s);
    if (rest == "Z" || rest == "z")
        return clock::system_time(time);
    int oh = 0, om = 0;
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || !digits(rest, 1, 2, oh) ||
        rest[3] != ':' || !digits(rest, 4, 2, om))
        return std::nullopt;
    const auto offset = hours(oh) + minutes(om);
    return clock::system_time(rest[0] == '+' ? time - offset : time + offset);
}

} // namespace cloudsync::auth::aws::detail
