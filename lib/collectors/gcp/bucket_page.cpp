#include "collectors/gcp/bucket_page.hpp"

#include "core/json.hpp"
#include "core/text.hpp"

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

// Whether an entry of the ACL array at bucket[key] names the public.
bool public_entry(const boost::json::object& bucket, std::string_view key, const location& at) {
    const auto* acl = detail::optional_array(bucket, key, at);
    if (acl == nullptr)
        return false;
    const auto acl_at = at.member(key);
    bool found = false;
    for (std::size_t i = 0; i < acl->size(); ++i) {
        const auto entry_at = acl_at.index(i);
        const auto& entry = detail::object_at((*acl)[i], entry_at);
        const auto entity = detail::string_or_empty(entry, "entity", entry_at);
        found |= entity == "allUsers" || entity == "allAuthenticatedUsers";
    }
    return found;
}

bool public_access_of(const boost::json::object& bucket, const location& at) {
    bool uniform = false;
    std::string prevention;
    if (const auto* iam = detail::optional_object(bucket, "iamConfiguration", at)) {
        const auto iam_at = at.member("iamConfiguration");
        prevention = detail::string_or_empty(*iam, "publicAccessPrevention", iam_at);
        if (const auto* ubla = detail::optional_object(*iam, "uniformBucketLevelAccess", iam_at))
            uniform =
                detail::optional_bool(*ubla, "enabled", iam_at.member("uniformBucketLevelAccess"))
                    .value_or(false);
    }
    // Both ACL arrays are checked for their types whatever the decision.
    const bool acl = public_entry(bucket, "acl", at);
    const bool object_acl = public_entry(bucket, "defaultObjectAcl", at);
    if (to_lower(prevention) == "enforced" || uniform)
        return false;
    return acl || object_acl;
}

inventory::record parse_bucket(const boost::json::value& item, const location& at) {
    const auto& bucket = detail::object_at(item, at);
    const auto* name = detail::optional_string(bucket, "name", at);
    if (name == nullptr || name->empty())
        at.fail("has no name");
    if (name->find('/') != boost::json::string::npos)
        at.member("name").fail("is not a bucket name");
    inventory::record rec;
    rec.native_id = std::string(bucket_name_prefix) + std::string(*name);
    rec.name = std::string(*name);
    rec.region = to_lower(detail::string_or_empty(bucket, "location", at));
    rec.tags = detail::labels_of(bucket, at);
    inventory::storage_columns columns;
    columns.type = "bucket";
    columns.encrypted = true;
    columns.versioning = false;
    if (const auto* versioning = detail::optional_object(bucket, "versioning", at))
        columns.versioning =
            detail::optional_bool(*versioning, "enabled", at.member("versioning")).value_or(false);
    columns.public_access = public_access_of(bucket, at);
    rec.columns = std::move(columns);
    rec.raw = json::to_text(item);
    return rec;
}

} // namespace

compute_page<inventory::record> parse_bucket_page(std::string_view text, std::string_view url) {
    return parse_bucket_page(parse_compute_page(text, url, "items"));
}

compute_page<inventory::record> parse_bucket_page(const raw_compute_page& raw) {
    const location root(raw.url);
    const auto* items = raw.document.get_object().if_contains("items");
    if (items != nullptr && !items->is_null() && !items->is_array())
        root.member("items").fail("is not an array");
    compute_page<inventory::record> page{raw, {}};
    page.items.reserve(raw.item_count());
    raw.for_each_item(
        [&page](std::string_view, const boost::json::value& item, const location& at) {
            page.items.push_back(parse_bucket(item, at));
        });
    return page;
}

} // namespace cloudsync::collectors::gcp
