// The command line of cloudsyncd (a contract, see DESIGN.md):
//   cloudsyncd --config FILE [--check | --once [--account NAME] [--collector KIND]]
//   cloudsyncd --version | --help
#pragma once

#include "core/error.hpp"

#include <optional>
#include <span>
#include <string>

namespace cloudsync::daemon {

enum class mode { run, check, once, version, help };

struct arguments {
    mode what = mode::run;
    std::string config_path;
    std::optional<std::string> account;   // --once only
    std::optional<std::string> collector; // --once only
};

class usage_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

// Throws usage_error naming the offending argument.
arguments parse_arguments(std::span<const char* const> argv);

extern const char* const usage_text;

} // namespace cloudsync::daemon
