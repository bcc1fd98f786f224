// Private to lib/config: a checked view of a yaml-cpp node that knows its key
// path and source position, so that every problem becomes a config_error in
// the house format. Only the config module's .cpp files include this header
// (yaml-cpp is a PRIVATE dependency).
#pragma once

#include "config/config.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::config::detail {

// State shared by one load: where messages point and what they collect.
struct load_context {
    std::string file;               // display name used in messages
    std::filesystem::path base_dir; // relative paths in the config resolve here
    std::vector<std::string> warnings;
};

// One node, its key path ("accounts[1].azure") and the position to report.
class value {
public:
    value(load_context& context, YAML::Node node, std::string path, YAML::Mark mark);

    [[noreturn]] void fail(const std::string& problem) const;
    void warn(const std::string& problem) const;

    const std::string& path() const noexcept { return path_; }
    const YAML::Mark& mark() const noexcept { return mark_; }
    const YAML::Node& node() const noexcept { return node_; }
    load_context& context() const noexcept { return *context_; }
    bool is_null() const { return node_.IsNull(); }

    // Each throws config_error ("expected a string" ...) on a wrong type.
    std::string as_string() const;          // a scalar, possibly empty
    std::string as_nonempty_string() const; // a scalar with at least one character
    bool as_bool() const;                   // plain true or false
    std::size_t as_count(std::size_t min, std::size_t max) const;
    duration as_duration(bool allow_zero) const;
    std::vector<value> items() const;                // a sequence
    std::vector<std::string> as_string_list() const; // a sequence of unique non-empty strings

    // A child that reuses this node's position and path (for derived checks).
    value with_path(std::string path) const;

private:
    load_context* context_;
    YAML::Node node_;
    std::string path_;
    YAML::Mark mark_;
};

// A mapping checked against its allowed keys on construction: the first key
// (in document order) that is unknown or repeated is an error. A null node
// counts as an empty mapping; a key whose value is null counts as absent.
class object {
public:
    // hide_unknown_names: report an unknown key without naming it (secret
    // references, where a mistyped key may be the secret itself).
    object(const value& self, std::initializer_list<std::string_view> allowed,
           bool hide_unknown_names = false);

    std::optional<value> get(std::string_view key) const;
    value require(std::string_view key) const; // absent or null: error
    bool has(std::string_view key) const;      // present, even if null
    value
    key_at(std::string_view key) const; // the key itself (position of the key); must be present
    const value& self() const noexcept { return self_; }
    std::vector<std::string_view> present_keys() const; // document order, non-null values

private:
    struct entry {
        std::string key;
        YAML::Mark key_mark;
        YAML::Node node;
    };
    const entry* find(std::string_view key) const;

    value self_;
    std::vector<entry> entries_;
};

std::string child_path(const std::string& parent, std::string_view key);
std::string item_path(const std::string& parent, std::size_t index);

// [a-z][a-z0-9_-]*, at most 63 characters (tenant and account names).
bool is_lower_name(std::string_view text) noexcept;

// Subscription ids, project ids, region names, tenant and client ids: they go
// into URL paths and hosts, so only letters, digits, '-', '_' and '.'.
bool is_url_token(std::string_view text) noexcept;
// A non-empty url token; `what` names it in the error ("tenant_id").
std::string read_url_token(const value& v, const char* what);
// A list of unique url tokens; `what` names one item ("a region").
std::vector<std::string> read_token_list(const value& v, const char* what);

} // namespace cloudsync::config::detail
