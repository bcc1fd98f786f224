// The fields every ARM resource shares (id, name, location, tags) and how they
// become the common columns of an inventory record; the kind columns are the
// caller's. Also reads a single resource body such as ResourceGroups_Get.
#pragma once

#include "collectors/common/url.hpp"
#include "inventory/record.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace cloudsync::collectors::azure {

// The last path segment of an ARM id, the resource name when "name" is absent
// (collectors/common/url.hpp).
using common::last_segment;

// native_id = id, name = name (else the id's last segment), region = location
// ("" when absent), tags = the tags object as JSON text ("{}" when absent),
// raw = the whole item (its text as sent, when the caller has it: see
// raw_page::item_texts). Throws page_error naming url when the item is not an
// object or has no id; `index` is its position on the page, for the message.
inventory::record arm_record(const boost::json::value& item, std::size_t index,
                             std::string_view url, std::string raw);
inventory::record arm_record(const boost::json::value& item, std::size_t index,
                             std::string_view url);

// One resource returned on its own (not in a list), e.g. GET of a resource group:
// only the shared fields. Throws page_error naming url when text is not a JSON
// object with an id.
struct arm_resource {
    std::string id;
    std::string name;
    std::string location;
    std::string tags = "{}"; // JSON object text
    std::string type;
};
arm_resource parse_arm_resource(std::string_view text, std::string_view url);

} // namespace cloudsync::collectors::azure
