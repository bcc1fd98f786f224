// The clouds' official example responses live beside the repository
// (../shared/fixtures) and may not be copied into it. Tests that replay them
// start with CLOUDSYNC_REQUIRE_EXAMPLES(): where the examples are missing (a
// clone with nothing beside it) such a test is skipped with a line saying where
// they were looked for; CI (.ci/run) sets CLOUDSYNC_REQUIRE_EXAMPLES=1, which
// turns their absence into a failure instead.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cloudsync::test {

// $CLOUDSYNC_FIXTURES_DIR, else the build's default (../shared/fixtures).
inline std::string examples_dir() {
    const char* dir = std::getenv("CLOUDSYNC_FIXTURES_DIR");
    return dir != nullptr && *dir != '\0' ? dir : CLOUDSYNC_FIXTURES_DIR;
}

// All three clouds' examples: with one missing, its tests would fail on a
// missing file instead of being skipped (or, in CI, failing) as these say.
inline bool examples_present() {
    std::error_code ec;
    for (const char* cloud : {"azure", "gcp", "aws"})
        if (!std::filesystem::is_directory(examples_dir() + "/" + cloud, ec))
            return false;
    return true;
}

inline bool examples_required() {
    const char* required = std::getenv("CLOUDSYNC_REQUIRE_EXAMPLES");
    return required != nullptr && std::string(required) == "1";
}

// The text of an official example, e.g. example_text("azure/compute.virtualMachines.listAll.json").
inline std::string example_text(const std::string& relative) {
    std::ifstream in(examples_dir() + "/" + relative, std::ios::binary);
    EXPECT_TRUE(in.good()) << "missing official example " << examples_dir() << "/" << relative;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace cloudsync::test

#define CLOUDSYNC_REQUIRE_EXAMPLES()                                                              \
    do {                                                                                          \
        if (!::cloudsync::test::examples_present()) {                                             \
            if (::cloudsync::test::examples_required())                                           \
                FAIL() << "the official examples are required (CLOUDSYNC_REQUIRE_EXAMPLES=1) "    \
                          "but missing in "                                                       \
                       << ::cloudsync::test::examples_dir();                                      \
            GTEST_SKIP() << "official examples not found in " << ::cloudsync::test::examples_dir() \
                         << " (set CLOUDSYNC_FIXTURES_DIR)";                                      \
        }                                                                                         \
    } while (false)
