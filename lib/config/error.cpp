#include "config/error.hpp"

#include <utility>

namespace cloudsync::config {
namespace {

std::string compose(const std::string& file, int line, int column, const std::string& key_path,
                    const std::string& problem) {
    std::string text = file;
    if (line > 0)
        text += ":" + std::to_string(line) + ":" + std::to_string(column);
    text += ": ";
    if (!key_path.empty())
        text += key_path + ": ";
    return text + problem;
}

} // namespace

config_error::config_error(std::string file, int line, int column, std::string key_path,
                           std::string problem)
    : cloudsync::error(compose(file, line, column, key_path, problem)), file_(std::move(file)),
      line_(line), column_(column), key_path_(std::move(key_path)), problem_(std::move(problem)) {}

} // namespace cloudsync::config
