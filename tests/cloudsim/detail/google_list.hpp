// What the sim's Google list routes (Compute, Resource Manager, Storage) share:
// query parameters, the paging window (maxResults or pageSize, the sim's opaque
// pageToken), nextPageToken, and the 403 a project answers for an API it has
// disabled. The routes and their bodies are in gcp_compute.cpp and gcp_storage.cpp.
#pragma once

#include "cloudsim/reply.hpp"

#include <boost/url/url_view.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim::detail {

std::optional<std::string> query_param(boost::urls::url_view url, std::string_view key);

// Paging of one request: the first item and how many at most.
struct window {
    std::size_t start = 0;
    std::size_t size = 500;
};

inline constexpr std::string_view token_prefix = "Cg5zaW0";

// Reads size_key (maxResults: 0..limit, 0 = the default; pageSize: any) and
// pageToken into w, its size capped by page_size. A 400 INVALID_ARGUMENT reply
// when either is malformed.
std::optional<reply> read_window(std::size_t page_size, boost::urls::url_view url,
                                 std::string_view size_key, std::size_t limit, window& w);

// "nextPageToken":"...", when items remain after w.
void append_next(std::string& out, const window& w, std::size_t total);

// 403 SERVICE_DISABLED / accessNotConfigured for project_number, as Google
// answers it: title "Compute Engine API", service "compute.googleapis.com".
reply service_disabled(std::string_view project_number, std::string_view title,
                       std::string_view service);

} // namespace cloudsync::cloudsim::detail
