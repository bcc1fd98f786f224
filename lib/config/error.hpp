// The one exception the config module throws. Its what() is the complete,
// user-facing message in the house format (STYLE.md §8):
//   FILE:LINE:COL: KEY.PATH: what is wrong
// lower case, no trailing period, 1-based line and column, a key path such as
// `accounts[1].azure.endpoints.login`. When no key applies (malformed YAML, an
// empty file) the KEY.PATH part is left out; when no position applies (the file
// cannot be read) LINE:COL is left out. A message never contains a secret value.
#pragma once

#include "core/error.hpp"

#include <string>

namespace cloudsync::config {

class config_error : public cloudsync::error {
public:
    // line and column are 1-based; 0 means "no position".
    config_error(std::string file, int line, int column, std::string key_path, std::string problem);

    const std::string& file() const noexcept { return file_; }
    int line() const noexcept { return line_; }
    int column() const noexcept { return column_; }
    const std::string& key_path() const noexcept { return key_path_; }
    const std::string& problem() const noexcept { return problem_; }

private:
    std::string file_;
    int line_;
    int column_;
    std::string key_path_;
    std::string problem_;
};

} // namespace cloudsync::config
