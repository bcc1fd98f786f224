#include "collectors/gcp/resource_name.hpp"

#include <vector>

namespace cloudsync::collectors::gcp {

namespace {

std::vector<std::string_view> split(std::string_view text) {
    std::vector<std::string_view> parts;
    for (;;) {
        const auto slash = text.find('/');
        parts.push_back(text.substr(0, slash));
        if (slash == std::string_view::npos)
            return parts;
        text.remove_prefix(slash + 1);
    }
}

// "projects/..." from a link, or "" when it has no "projects/" segment.
std::string_view relative_part(std::string_view link) {
    link = link.substr(0, link.find_first_of("?#"));
    constexpr std::string_view projects = "projects/";
    if (link.starts_with(projects))
        return link;
    const auto at = link.find("/projects/");
    return at == std::string_view::npos ? std::string_view() : link.substr(at + 1);
}

bool matches(std::string_view relative, std::string_view pattern) {
    const auto got = split(relative);
    const auto want = split(pattern);
    if (got.size() != want.size())
        return false;
    for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i].empty() || (want[i] != "*" && got[i] != want[i]))
            return false;
    return true;
}

} // namespace

std::optional<std::string> compute_resource_name(std::string_view link, std::string_view pattern) {
    return full_resource_name(compute_name_prefix, link, pattern);
}

std::optional<std::string> full_resource_name(std::string_view prefix, std::string_view link,
                                              std::string_view pattern) {
    const auto relative = relative_part(link);
    if (relative.empty() || !matches(relative, pattern))
        return std::nullopt;
    return std::string(prefix) + std::string(relative);
}

std::string segment_after(std::string_view name, std::string_view collection) {
    const auto relative = relative_part(name);
    if (relative.empty())
        return {};
    // Collections sit at even positions: a project may be called "regions".
    const auto parts = split(relative);
    for (std::size_t i = 0; i + 1 < parts.size(); i += 2)
        if (parts[i] == collection)
            return std::string(parts[i + 1]);
    return {};
}

std::string region_of_zone(std::string_view zone) {
    const auto dash = zone.rfind('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 == zone.size())
        return {};
    return std::string(zone.substr(0, dash));
}

} // namespace cloudsync::collectors::gcp
