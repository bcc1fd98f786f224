#include "collectors/gcp/run_service_page.hpp"

#include "collectors/gcp/resource_name.hpp"
#include "core/json.hpp"

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

constexpr std::string_view service_pattern = "projects/*/locations/*/services/*";

std::string state_of(const boost::json::object& service, const location& at) {
    const auto* condition = detail::optional_object(service, "terminalCondition", at);
    if (condition == nullptr)
        return normalize_run_state({});
    return normalize_run_state(
        detail::string_or_empty(*condition, "state", at.member("terminalCondition")));
}

std::vector<std::string> images_of(const boost::json::object& service, const location& at) {
    std::vector<std::string> images;
    const auto* revision = detail::optional_object(service, "template", at);
    if (revision == nullptr)
        return images;
    const auto template_at = at.member("template");
    const auto* containers = detail::optional_array(*revision, "containers", template_at);
    if (containers == nullptr)
        return images;
    const auto containers_at = template_at.member("containers");
    for (std::size_t i = 0; i < containers->size(); ++i) {
        const auto container_at = containers_at.index(i);
        const auto& container = detail::object_at((*containers)[i], container_at);
        auto image = detail::string_or_empty(container, "image", container_at);
        if (!image.empty())
            images.push_back(std::move(image));
    }
    return images;
}

inventory::record parse_service(const boost::json::value& item, const location& at) {
    const auto& service = detail::object_at(item, at);
    const auto* name = detail::optional_string(service, "name", at);
    if (name == nullptr || name->empty())
        at.fail("has no name");
    // Exactly the relative name: no host, query or fragment slipped into the id.
    auto id = full_resource_name(run_name_prefix, *name, service_pattern);
    if (!id || *id != std::string(run_name_prefix) + std::string(*name))
        at.member("name").fail("is not a service name (projects/P/locations/L/services/S)");
    inventory::record rec;
    rec.native_id = std::move(*id);
    rec.name = segment_after(*name, "services");
    rec.region = segment_after(*name, "locations");
    rec.tags = detail::labels_of(service, at);
    rec.columns = inventory::container_columns{state_of(service, at), images_of(service, at)};
    rec.raw = json::to_text(item);
    return rec;
}

} // namespace

compute_page<inventory::record> parse_run_service_page(std::string_view text,
                                                       std::string_view url) {
    return parse_run_service_page(parse_compute_page(text, url, "", "services"));
}

compute_page<inventory::record> parse_run_service_page(const raw_compute_page& raw) {
    const location root(raw.url);
    const auto* list = raw.document.get_object().if_contains(raw.list_key);
    if (list != nullptr && !list->is_null() && !list->is_array())
        root.member(raw.list_key).fail("is not an array");
    compute_page<inventory::record> page{raw, {}};
    page.items.reserve(raw.item_count());
    raw.for_each_item(
        [&page](std::string_view, const boost::json::value& item, const location& at) {
            page.items.push_back(parse_service(item, at));
        });
    return page;
}

std::string normalize_run_state(std::string_view condition_state) {
    if (condition_state == "CONDITION_SUCCEEDED")
        return "running";
    if (condition_state == "CONDITION_FAILED")
        return "failed";
    if (condition_state == "CONDITION_PENDING" || condition_state == "CONDITION_RECONCILING")
        return "pending";
    return "unknown";
}

} // namespace cloudsync::collectors::gcp
