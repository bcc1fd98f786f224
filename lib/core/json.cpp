#include "core/json.hpp"

#include <boost/json/serialize.hpp>

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

std::string to_text(const boost::json::value& value) { return boost::json::serialize(value); }

} // namespace cloudsync::json
