#include "collectors/azure/storage_pages.hpp"

#include "collectors/azure/arm_resource.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <boost/json/object.hpp>

namespace cloudsync::collectors::azure {

namespace {

const boost::json::value& properties_of(const boost::json::value& item) {
    static const boost::json::value empty_object = boost::json::object();
    const auto* found = json::find(item, {"properties"});
    return found != nullptr ? *found : empty_object;
}

std::optional<bool> account_public_access(const boost::json::value& properties) {
    if (iequals(json::string_or_empty(properties, {"publicNetworkAccess"}), "Disabled"))
        return false;
    return json::bool_at(properties, {"allowBlobPublicAccess"});
}

std::optional<bool> account_encrypted(const boost::json::value& properties) {
    const auto blob = json::bool_at(properties, {"encryption", "services", "blob", "enabled"});
    if (blob)
        return blob;
    if (!json::string_or_empty(properties, {"encryption", "keySource"}).empty())
        return true;
    return std::nullopt;
}

// The account id becomes the path of its container list: it must be a plain
// ARM path, nothing that could change the query or leave the path.
bool plain_arm_path(std::string_view id) {
    return !id.empty() && id.front() == '/' && id.find_first_of("?#% \t\r\n") == id.npos &&
           id.find("/../") == id.npos;
}

storage_account_item parse_account(const boost::json::value& item, std::size_t index,
                                   std::string_view url, std::string raw) {
    storage_account_item account{arm_record(item, index, url, std::move(raw)), true};
    if (!plain_arm_path(account.record.native_id))
        throw page_error("malformed page from GET " + url_path(url) + ": item " +
                         std::to_string(index) + " has an id that is not an ARM path");
    const auto& properties = properties_of(item);
    inventory::storage_columns columns;
    columns.type = "storage_account";
    columns.public_access = account_public_access(properties);
    columns.encrypted = account_encrypted(properties);
    account.record.columns = std::move(columns);
    account.has_blob_service = !iequals(json::string_or_empty(item, {"kind"}), "FileStorage");
    return account;
}

inventory::record parse_container(const boost::json::value& item, std::size_t index,
                                  std::string_view url, const blob_container_parent& parent,
                                  std::string raw) {
    auto rec = arm_record(item, index, url, std::move(raw));
    rec.region = parent.region;
    const auto level = json::string_or_empty(properties_of(item), {"publicAccess"});
    inventory::storage_columns columns;
    columns.type = "blob_container";
    columns.public_access = !level.empty() && !iequals(level, "None");
    columns.encrypted = parent.encrypted;
    rec.columns = std::move(columns);
    return rec;
}

} // namespace

arm_page<storage_account_item> parse_storage_account_page(std::string_view text, std::string_view url) {
    return parse_storage_account_page(parse_raw_page(text, url), url);
}

arm_page<storage_account_item> parse_storage_account_page(const raw_page& raw, std::string_view url) {
    return build_page<storage_account_item>(
        raw, [url](const boost::json::value& item, std::size_t i, std::string text) {
            return parse_account(item, i, url, std::move(text));
        });
}

arm_page<inventory::record> parse_blob_container_page(std::string_view text, std::string_view url,
                                                      const blob_container_parent& parent) {
    return parse_blob_container_page(parse_raw_page(text, url), url, parent);
}

arm_page<inventory::record> parse_blob_container_page(const raw_page& raw, std::string_view url,
                                                      const blob_container_parent& parent) {
    return build_page<inventory::record>(
        raw, [url, &parent](const boost::json::value& item, std::size_t i, std::string text) {
            return parse_container(item, i, url, parent, std::move(text));
        });
}

std::string blob_containers_path(std::string_view account_id, std::string_view api_version) {
    return std::string(account_id) +
           "/blobServices/default/containers?api-version=" + std::string(api_version);
}

} // namespace cloudsync::collectors::azure
