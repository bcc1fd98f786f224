#include "collectors/azure/container_group_page.hpp"

#include "collectors/azure/arm_resource.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <array>
#include <utility>

namespace cloudsync::collectors::azure {

namespace {

std::vector<std::string> images_of(const boost::json::value& item) {
    std::vector<std::string> images;
    const auto* containers = json::find(item, {"properties", "containers"});
    if (containers == nullptr || !containers->is_array())
        return images;
    for (const auto& container : containers->get_array())
        if (auto image = json::string_or_empty(container, {"properties", "image"}); !image.empty())
            images.push_back(std::move(image));
    return images;
}

inventory::record parse_group(const boost::json::value& item, std::size_t index,
                              std::string_view url, std::string raw) {
    auto rec = arm_record(item, index, url, std::move(raw));
    inventory::container_columns columns;
    auto native = json::string_or_empty(item, {"properties", "instanceView", "state"});
    if (native.empty())
        native = json::string_or_empty(item, {"properties", "provisioningState"});
    columns.state = normalize_container_state(native);
    columns.images = images_of(item);
    rec.columns = std::move(columns);
    return rec;
}

} // namespace

arm_page<inventory::record> parse_container_group_page(std::string_view text, std::string_view url) {
    return parse_container_group_page(parse_raw_page(text, url), url);
}

arm_page<inventory::record> parse_container_group_page(const raw_page& raw, std::string_view url) {
    return build_page<inventory::record>(
        raw, [url](const boost::json::value& item, std::size_t i, std::string text) {
            return parse_group(item, i, url, std::move(text));
        });
}

std::string normalize_container_state(std::string_view native) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> words{{
        {"running", "running"},
        {"stopped", "stopped"},
        {"terminated", "stopped"},
        {"pending", "pending"},
        {"accepted", "pending"},
        {"creating", "pending"},
        {"updating", "pending"},
        {"repairing", "pending"},
        {"waiting", "pending"},
        {"starting", "pending"},
        {"restarting", "pending"},
        {"succeeded", "succeeded"},
        {"failed", "failed"},
        {"canceled", "failed"},
        {"cancelled", "failed"},
        {"unhealthy", "failed"},
        {"deleting", "deleting"},
    }};
    for (const auto& [word, state] : words)
        if (iequals(native, word))
            return std::string(state);
    return "unknown";
}

} // namespace cloudsync::collectors::azure
