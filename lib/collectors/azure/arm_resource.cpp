#include "collectors/azure/arm_resource.hpp"

#include "collectors/azure/arm_page.hpp"
#include "core/json.hpp"

#include <boost/json/parse.hpp>

namespace cloudsync::collectors::azure {

inventory::record arm_record(const boost::json::value& item, std::size_t index,
                             std::string_view url) {
    return arm_record(item, index, url, json::to_text(item));
}

inventory::record arm_record(const boost::json::value& item, std::size_t index,
                             std::string_view url, std::string raw) {
    inventory::record rec;
    rec.native_id = std::string(item_id(item, index, url));
    rec.name = json::string_at(item, {"name"}).value_or(last_segment(rec.native_id));
    rec.region = json::string_or_empty(item, {"location"});
    if (const auto* tags = json::find(item, {"tags"}); tags != nullptr && tags->is_object())
        rec.tags = json::to_text(*tags);
    rec.raw = std::move(raw);
    return rec;
}

arm_resource parse_arm_resource(std::string_view text, std::string_view url) {
    boost::system::error_code ec;
    const auto doc = boost::json::parse(text, ec);
    if (ec)
        throw page_error("malformed resource from GET " + url_path(url) + ": not JSON (" +
                         ec.message() + ")");
    const auto rec = arm_record(doc, 0, url);
    return {rec.native_id, rec.name, rec.region, rec.tags, json::string_or_empty(doc, {"type"})};
}

} // namespace cloudsync::collectors::azure
