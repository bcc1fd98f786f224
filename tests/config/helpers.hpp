// Test helpers for config_tests: a temporary directory, scoped environment
// variables, and "load this YAML and give me the error text".
#pragma once

#include "config/load.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace cloudsync::config::testing {

class temp_dir {
public:
    temp_dir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "cloudsync-config-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Readable by the owner alone, as a secret file should be (the loader
    // warns about any other mode).
    std::string write(const std::string& name, const std::string& content) const {
        auto file = path_ / name;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << content;
        std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write);
        return file.string();
    }

private:
    std::filesystem::path path_;
};

// Sets (or unsets, with nullopt) a variable for the scope; restores it after.
class scoped_env {
public:
    scoped_env(std::string name, const std::optional<std::string>& value) : name_(std::move(name)) {
        if (const char* old = std::getenv(name_.c_str()))
            old_ = old;
        if (value)
            ::setenv(name_.c_str(), value->c_str(), 1);
        else
            ::unsetenv(name_.c_str());
    }
    ~scoped_env() {
        if (old_)
            ::setenv(name_.c_str(), old_->c_str(), 1);
        else
            ::unsetenv(name_.c_str());
    }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

private:
    std::string name_;
    std::optional<std::string> old_;
};

// The message of the config_error that loading `yaml` (as "t.yaml") throws,
// or "no error" when it loads.
inline std::string error_of(const std::string& yaml) {
    try {
        load_string(yaml, "t.yaml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "no error";
}

// Valid head used by many tests: database and one tenant. Lines 1-5.
inline const std::string head = "database:\n"
                                "  dsn: \"dbname=cloudsync\"\n"
                                "tenants:\n"
                                "  - name: platform\n"
                                "    readers: [analysts]\n";

} // namespace cloudsync::config::testing
