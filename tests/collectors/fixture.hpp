// Reads an official example from shared/fixtures.
#pragma once

#include "support/official_examples.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cloudsync::test {

// Tests that call it start with CLOUDSYNC_REQUIRE_EXAMPLES().
inline std::string azure_fixture(const std::string& name) { return example_text("azure/" + name); }
inline std::string gcp_fixture(const std::string& name) { return example_text("gcp/" + name); }
inline std::string aws_fixture(const std::string& name) { return example_text("aws/" + name); }

} // namespace cloudsync::test
