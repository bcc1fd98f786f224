// Reads an official example from shared/fixtures.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cloudsync::test {

inline std::string azure_fixture(const std::string& name) {
    std::ifstream in(std::string(CLOUDSYNC_FIXTURES_DIR) + "/azure/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << "missing fixture " << name;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace cloudsync::test
