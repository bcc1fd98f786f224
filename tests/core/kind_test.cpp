#include "inventory/kind.hpp"
#include "inventory/record.hpp"
#include "inventory/run.hpp"

#include <gtest/gtest.h>

namespace cloudsync::inventory {

TEST(Kinds, RoundTripThroughTheirSpelling) {
    for (auto kind : all_collector_kinds) EXPECT_EQ(parse_collector_kind(to_string(kind)), kind);
    for (auto p : all_providers) EXPECT_EQ(parse_provider(to_string(p)), p);
    EXPECT_EQ(parse_collector_kind("vm"), std::nullopt);
    EXPECT_EQ(parse_run_status("succeeded"), run_status::succeeded);
}

TEST(Kinds, RecordTableFollowsItsColumns) {
    record r;
    r.columns = subnet_columns{};
    EXPECT_EQ(table_of(r), table::subnets);
    r.columns = alert_columns{};
    EXPECT_EQ(table_of(r), table::alerts);
    r.columns = vm_columns{};
    EXPECT_EQ(table_of(r), table::vms);
}

} // namespace cloudsync::inventory
