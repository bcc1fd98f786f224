#include "config/detail/reader.hpp"

#include "config/duration.hpp"
#include "config/error.hpp"

#include <algorithm>
#include <utility>

namespace cloudsync::config::detail {
namespace {

int one_based(int zero_based) noexcept {
    return zero_based < 0 ? 0 : zero_based + 1;
}

std::string join(std::initializer_list<std::string_view> words) {
    std::string text;
    for (auto word : words) {
        if (!text.empty())
            text += ", ";
        text += word;
    }
    return text;
}

const char* type_name(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Scalar:
        return "a scalar";
    default:
        return "nothing";
    }
}

} // namespace

value::value(load_context& context, YAML::Node node, std::string path, YAML::Mark mark)
    : context_(&context), node_(std::move(node)), path_(std::move(path)), mark_(mark) {}

void value::fail(const std::string& problem) const {
    throw config_error(context_->file, one_based(mark_.line), one_based(mark_.column), path_,
                       problem);
}

void value::warn(const std::string& problem) const {
    config_error as_text(context_->file, one_based(mark_.line), one_based(mark_.column), path_,
                         problem);
    context_->warnings.emplace_back(as_text.what());
}

std::string value::as_string() const {
    if (!node_.IsScalar())
        fail(std::string("expected a string, got ") + type_name(node_));
    return node_.Scalar();
}

std::string value::as_nonempty_string() const {
    auto text = as_string();
    if (text.empty())
        fail("must not be empty");
    return text;
}

bool value::as_bool() const {
    // Plain scalars only: YAML 1.1's yes/no/on/off and a quoted "true" are mistakes here.
    if (node_.IsScalar() && node_.Tag() == "?") {
        if (node_.Scalar() == "true")
            return true;
        if (node_.Scalar() == "false")
            return false;
    }
    fail("expected true or false");
}

std::size_t value::as_count(std::size_t min, std::size_t max) const {
    auto range = "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!node_.IsScalar())
        fail(range);
    const auto& text = node_.Scalar();
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        fail(range);
    auto number = static_cast<std::size_t>(std::stoul(text));
    if (number < min || number > max)
        fail(range);
    return number;
}

duration value::as_duration(bool allow_zero) const {
    if (!node_.IsScalar())
        fail("expected a duration such as 15m or 1h30m");
    auto parsed = parse_duration(node_.Scalar());
    if (auto* problem = std::get_if<duration_parse_error>(&parsed))
        fail("bad duration '" + node_.Scalar() + "': " + problem->problem);
    auto result = std::get<std::chrono::seconds>(parsed);
    if (result.count() == 0 && !allow_zero)
        fail("duration must be greater than zero");
    return result;
}

std::vector<value> value::items() const {
    if (!node_.IsSequence())
        fail(std::string("expected a list, got ") + type_name(node_));
    std::vector<value> result;
    std::size_t index = 0;
    for (const auto& item : node_) {
        result.emplace_back(*context_, item, item_path(path_, index), item.Mark());
        ++index;
    }
    return result;
}

std::vector<std::string> value::as_string_list() const {
    std::vector<std::string> result;
    for (const auto& item : items()) {
        auto text = item.as_nonempty_string();
        if (std::find(result.begin(), result.end(), text) != result.end())
            item.fail("duplicate entry '" + text + "'");
        result.push_back(std::move(text));
    }
    return result;
}

value value::with_path(std::string path) const {
    return value(*context_, node_, std::move(path), mark_);
}

object::object(const value& self, std::initializer_list<std::string_view> allowed,
               bool hide_unknown_names)
    : self_(self) {
    if (self.is_null())
        return;
    if (!self.node().IsMap())
        self.fail(std::string("expected a mapping, got ") + type_name(self.node()));
    for (auto it = self.node().begin(); it != self.node().end(); ++it) {
        // By value: yaml-cpp's iterator returns a temporary proxy, so a reference
        // to it->first would dangle (Node copies are cheap handles).
        const YAML::Node key_node = it->first;
        const YAML::Node value_node = it->second;
        value key(self.context(), key_node, self.path(), key_node.Mark());
        if (!key_node.IsScalar())
            key.fail("keys must be plain strings");
        auto key_text = key_node.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key_text) == allowed.end()) {
            if (hide_unknown_names)
                key.fail("unknown key (expected one of: " + join(allowed) + ")");
            key.with_path(child_path(self.path(), key_text))
                .fail("unknown key (expected one of: " + join(allowed) + ")");
        }
        if (find(key_text) != nullptr)
            key.with_path(child_path(self.path(), key_text)).fail("duplicate key");
        entries_.push_back(entry{std::move(key_text), key_node.Mark(), value_node});
    }
}

const object::entry* object::find(std::string_view key) const {
    for (const auto& e : entries_)
        if (e.key == key)
            return &e;
    return nullptr;
}

std::optional<value> object::get(std::string_view key) const {
    const auto* e = find(key);
    if (e == nullptr || e->node.IsNull())
        return std::nullopt;
    return value(self_.context(), e->node, child_path(self_.path(), key), e->node.Mark());
}

value object::require(std::string_view key) const {
    const auto* e = find(key);
    if (e == nullptr)
        self_.with_path(child_path(self_.path(), key)).fail("missing required key");
    if (e->node.IsNull())
        value(self_.context(), e->node, child_path(self_.path(), key), e->key_mark)
            .fail("missing value");
    return *get(key);
}

value object::key_at(std::string_view key) const {
    const auto* e = find(key);
    return value(self_.context(), e ? e->node : YAML::Node(), child_path(self_.path(), key),
                 e ? e->key_mark : YAML::Mark::null_mark());
}

bool object::has(std::string_view key) const {
    return find(key) != nullptr;
}

std::vector<std::string_view> object::present_keys() const {
    std::vector<std::string_view> keys;
    for (const auto& e : entries_)
        if (!e.node.IsNull())
            keys.push_back(e.key);
    return keys;
}

std::string child_path(const std::string& parent, std::string_view key) {
    if (parent.empty())
        return std::string(key);
    return parent + "." + std::string(key);
}

std::string item_path(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

bool is_lower_name(std::string_view text) noexcept {
    if (text.empty() || text.size() > 63 || text[0] < 'a' || text[0] > 'z')
        return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

bool is_url_token(std::string_view text) noexcept {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
    });
}

std::string read_url_token(const value& v, const char* what) {
    auto text = v.as_nonempty_string();
    if (!is_url_token(text))
        v.fail(std::string(what) + " may only contain letters, digits, '-', '_' and '.'");
    return text;
}

std::vector<std::string> read_token_list(const value& v, const char* what) {
    auto items = v.items();
    auto list = v.as_string_list();
    for (std::size_t i = 0; i < list.size(); ++i)
        if (!is_url_token(list[i]))
            items[i].fail(std::string(what) +
                          " may only contain letters, digits, '-', '_' and '.'");
    return list;
}

} // namespace cloudsync::config::detail
