#include "collectors/azure/blob_list.hpp"

#include "collectors/azure/arm_page.hpp"
#include "collectors/errors.hpp"

#include <pugixml.hpp>

namespace cloudsync::collectors::azure {

namespace {

[[noreturn]] void malformed(std::string_view url, const std::string& what) {
    throw page_error("malformed container list from GET " + url_path(url) + ": " + what);
}

std::string text_of(const pugi::xml_node& parent, const char* name) {
    return parent.child(name).text().as_string();
}

blob_container_entry parse_entry(const pugi::xml_node& node, std::size_t index,
                                 std::string_view url) {
    blob_container_entry entry;
    entry.name = text_of(node, "Name");
    if (entry.name.empty())
        malformed(url, "container " + std::to_string(index) + " has no <Name>");
    const auto properties = node.child("Properties");
    entry.public_access = text_of(properties, "PublicAccess");
    entry.etag = text_of(properties, "Etag");
    entry.last_modified = text_of(properties, "Last-Modified");
    entry.lease_status = text_of(properties, "LeaseStatus");
    entry.lease_state = text_of(properties, "LeaseState");
    return entry;
}

} // namespace

blob_container_list parse_blob_container_list(std::string_view text, std::string_view url) {
    pugi::xml_document doc;
    const auto parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed)
        malformed(url, std::string("not XML (") + parsed.description() + " at offset " +
                           std::to_string(parsed.offset) + ")");
    const auto root = doc.child("EnumerationResults");
    if (!root)
        malformed(url, "no <EnumerationResults> element");
    blob_container_list list;
    list.service_endpoint = root.attribute("ServiceEndpoint").as_string();
    std::size_t index = 0;
    for (const auto& node : root.child("Containers").children("Container"))
        list.containers.push_back(parse_entry(node, index++, url));
    if (auto marker = text_of(root, "NextMarker"); !marker.empty())
        list.next_marker = std::move(marker);
    return list;
}

} // namespace cloudsync::collectors::azure
