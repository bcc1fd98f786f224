#include "core/json.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>

namespace cloudsync::json {

const boost::json::value* find(const boost::json::value& root,
                               std::initializer_list<std::string_view> path) {
    const boost::json::value* current = &root;
    for (std::string_view key : path) {
        const auto* object = current->if_object();
        if (object == nullptr) return nullptr;
        const auto it = object->find(key);
        if (it == object->end() || it->value().is_null()) return nullptr;
        current = &it->value();
    }
    return current;
}

std::string_view string_view_at(const boost::json::value& root,
                                std::initializer_list<std::string_view> path) {
    const auto* value = find(root, path);
    if (value == nullptr || !value->is_string())
        return {};
    const auto& text = value->get_string();
    return {text.data(), text.size()};
}

std::optional<std::string> string_at(const boost::json::value& root,
                                     std::initializer_list<std::string_view> path) {
    const auto* value = find(root, path);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string(value->get_string());
}

std::string string_or_empty(const boost::json::value& root,
                            std::initializer_list<std::string_view> path) {
    return string_at(root, path).value_or(std::string());
}

std::optional<bool> bool_at(const boost::json::value& root,
                            std::initializer_list<std::string_view> path) {
    const auto* value = find(root, path);
    if (value == nullptr || !value->is_bool()) return std::nullopt;
    return value->get_bool();
}

namespace {

// Boost.JSON 1.81 reads "1e999" as infinity and "0e999" as NaN, then writes them
// as Infinity and NaN, which are not JSON (PostgreSQL's jsonb refuses them).
bool has_non_finite(const boost::json::value& value) {
    switch (value.kind()) {
    case boost::json::kind::double_:
        return !std::isfinite(value.get_double());
    case boost::json::kind::array:
        return std::any_of(value.get_array().begin(), value.get_array().end(), has_non_finite);
    case boost::json::kind::object:
        return std::any_of(value.get_object().begin(), value.get_object().end(),
                           [](const auto& member) { return has_non_finite(member.value()); });
    default:
        return false;
    }
}

void null_non_finite(boost::json::value& value) {
    if (value.is_double() && !std::isfinite(value.get_double()))
        value = nullptr;
    else if (value.is_array())
        for (auto& element : value.get_array())
            null_non_finite(element);
    else if (value.is_object())
        for (auto& member : value.get_object())
            null_non_finite(member.value());
}

} // namespace

std::string to_text(const boost::json::value& value) {
    if (!has_non_finite(value))
        return boost::json::serialize(value);
    boost::json::value copy = value;
    null_non_finite(copy);
    return boost::json::serialize(copy);
}

} // namespace cloudsync::json
