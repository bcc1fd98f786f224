// Private to lib/config: secret references and the files they point to.
// A reference is {file: PATH}, {env: NAME} or {credential: NAME}; an inline
// scalar is accepted with a warning. Contract: no message built here contains
// a secret value (paths and variable names are not secrets).
#pragma once

#include "config/detail/reader.hpp"

#include "core/secret.hpp"

#include <filesystem>
#include <string>

namespace cloudsync::config::detail {

// Resolves the reference at `v` now; throws config_error naming the key when
// the reference is malformed, unreadable or yields an empty value.
secret read_secret(const value& v);

// An absolute path for a path written in the config (relative to base_dir).
std::filesystem::path resolve_path(const load_context& context, const std::string& written);

// Reads a regular file of at most max_bytes. On failure returns false and sets
// `problem` (e.g. "no such file or directory"); the content is never part of it.
// `mode`, when given, receives the permission bits of the file that was read.
bool read_small_file(const std::filesystem::path& path, std::size_t max_bytes, std::string& content,
                     std::string& problem, unsigned* mode = nullptr);

} // namespace cloudsync::config::detail
