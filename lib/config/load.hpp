// Entry points: YAML text -> validated, frozen config. Everything about the
// YAML schema, defaults and secret resolution happens behind these calls.
//
// Failure: the FIRST problem found is thrown as config_error; nothing partial
// is returned. Order: a mapping's unknown or repeated keys (document order)
// before its values; sections in the order database, api, log, tenants,
// accounts, schedule, metrics; within a mapping, keys in schema order; list
// items in document order. Problems that do not stop the daemon (an inline
// secret, a plain DSN holding a password) come back as warnings in the same
// FILE:LINE:COL: KEY: text format.
//
// Secrets are read once, here: {file: PATH} (relative to the config file's
// directory), {env: NAME}, {credential: NAME} ($CREDENTIALS_DIRECTORY/NAME);
// trailing newlines are trimmed; an empty secret is an error.
//
// Thread safety: reads the process environment (getenv); do not call
// concurrently with setenv.
#pragma once

#include "config/config.hpp"
#include "config/error.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::config {

struct loaded {
    std::shared_ptr<const config> value;
    std::vector<std::string> warnings; // safe to log: no secret values
};

// Reads and loads `path`; messages name the path as given.
loaded load_file(const std::string& path);

// Loads YAML text; messages name `display_name`. Relative secret and
// certificate paths resolve against the current directory.
loaded load_string(std::string_view yaml, std::string display_name);

} // namespace cloudsync::config
