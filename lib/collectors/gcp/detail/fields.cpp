#include "collectors/gcp/detail/fields.hpp"

#include "collectors/common/url.hpp"
#include "collectors/errors.hpp"
#include "core/json.hpp"

namespace cloudsync::collectors::gcp::detail {

std::string location::path() const {
    if (parent_ == nullptr)
        return "the page";
    std::string out = parent_->parent_ == nullptr ? std::string() : parent_->path();
    if (!bracket_)
        out += (out.empty() ? "" : ".") + std::string(key_);
    else if (!key_.empty())
        out += "[\"" + std::string(key_) + "\"]";
    else
        out += "[" + std::to_string(index_) + "]";
    return out;
}

void location::fail(std::string_view problem) const {
    throw page_error("malformed page from GET " + common::url_path(url_) + ": " + path() + " " +
                     std::string(problem));
}

const boost::json::object& object_at(const boost::json::value& value, const location& at) {
    const auto* object = value.if_object();
    if (object == nullptr)
        at.fail("is not an object");
    return *object;
}

namespace {

const boost::json::value* present(const boost::json::object& object, std::string_view key) {
    const auto it = object.find(key);
    return it == object.end() || it->value().is_null() ? nullptr : &it->value();
}

} // namespace

const boost::json::string* optional_string(const boost::json::object& object, std::string_view key,
                                           const location& at) {
    const auto* value = present(object, key);
    if (value != nullptr && !value->is_string())
        at.member(key).fail("is not a string");
    return value == nullptr ? nullptr : &value->get_string();
}

const boost::json::array* optional_array(const boost::json::object& object, std::string_view key,
                                         const location& at) {
    const auto* value = present(object, key);
    if (value != nullptr && !value->is_array())
        at.member(key).fail("is not an array");
    return value == nullptr ? nullptr : &value->get_array();
}

const boost::json::object* optional_object(const boost::json::object& object, std::string_view key,
                                           const location& at) {
    const auto* value = present(object, key);
    if (value != nullptr && !value->is_object())
        at.member(key).fail("is not an object");
    return value == nullptr ? nullptr : &value->get_object();
}

std::optional<bool> optional_bool(const boost::json::object& object, std::string_view key,
                                  const location& at) {
    const auto* value = present(object, key);
    if (value != nullptr && !value->is_bool())
        at.member(key).fail("is not a boolean");
    return value == nullptr ? std::nullopt : std::optional<bool>(value->get_bool());
}

std::string string_or_empty(const boost::json::object& object, std::string_view key,
                            const location& at) {
    const auto* value = optional_string(object, key, at);
    return value == nullptr ? std::string() : std::string(*value);
}

std::string labels_of(const boost::json::object& resource, const location& at,
                      std::string_view key) {
    const auto* labels = optional_object(resource, key, at);
    if (labels == nullptr)
        return "{}";
    const auto labels_at = at.member(key);
    for (const auto& label : *labels)
        if (!label.value().is_string())
            labels_at.scope(label.key()).fail("is not a string");
    return json::to_text(*labels);
}

} // namespace cloudsync::collectors::gcp::detail
