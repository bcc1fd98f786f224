#include "args.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace cloudsync::daemon {
namespace {

arguments parse(std::vector<const char*> argv) {
    argv.insert(argv.begin(), "cloudsyncd");
    return parse_arguments(argv);
}

TEST(Arguments, ModesOfTheCommandLineContract) {
    EXPECT_EQ(parse({"--config", "f.yaml"}).what, mode::run);
    EXPECT_EQ(parse({"--config", "f.yaml", "--check"}).what, mode::check);
    EXPECT_EQ(parse({"--version"}).what, mode::version);
    const auto once = parse({"--config", "f.yaml", "--once", "--account", "a", "--collector", "vms"});
    EXPECT_EQ(once.what, mode::once);
    EXPECT_EQ(once.config_path, "f.yaml");
    EXPECT_EQ(once.account, "a");
    EXPECT_EQ(once.collector, "vms");
}

TEST(Arguments, MisuseIsAUsageError) {
    EXPECT_THROW(parse({}), usage_error);
    EXPECT_THROW(parse({"--config"}), usage_error);
    EXPECT_THROW(parse({"--config", "f", "--account", "a"}), usage_error);
    EXPECT_THROW(parse({"--config", "f", "--check", "--once"}), usage_error);
    EXPECT_THROW(parse({"--config", "f", "--bogus"}), usage_error);
}

} // namespace
} // namespace cloudsync::daemon
