#include "cloudsim/azure_pages.hpp"
#include "cloudsim/error.hpp"
#include "cloudsim/inventory.hpp"

#include <gtest/gtest.h>

#include <map>

namespace cloudsync::cloudsim {
namespace {

inventory_options small(std::uint64_t vms = 1000) {
    inventory_options o;
    o.seed = 9;
    o.subscriptions = 2;
    o.vms_per_subscription = vms;
    return o;
}

// id -> status-only JSON of every live VM (tags and power state both show).
std::map<std::string, std::string> rendered(const inventory& inv) {
    std::map<std::string, std::string> out;
    for (std::uint32_t s = 0; s < inv.subscription_count(); ++s) {
        for (std::uint64_t i = 0; i < inv.index_space(); ++i) {
            if (const auto vm = inv.vm(s, i)) {
                std::string body;
                render_vm(body, inv, *vm, true);
                out.emplace(vm_id(inv, *vm), std::move(body));
            }
        }
    }
    return out;
}

TEST(CloudsimInventory, MutationChangesExactlyTheRequestedShares) {
    inventory inv(small());
    const auto before = rendered(inv);
    ASSERT_EQ(before.size(), 2000u);
    const auto summary = inv.apply({.seed = 5, .add_share = 0.02, .change_share = 0.05, .remove_share = 0.03});
    EXPECT_EQ(summary.generation, 1u);
    EXPECT_EQ(summary.added, 40u);
    EXPECT_EQ(summary.changed, 100u);
    EXPECT_EQ(summary.removed, 60u);
    const auto after = rendered(inv);
    std::size_t removed = 0, changed = 0, added = 0;
    for (const auto& [id, body] : before) {
        const auto it = after.find(id);
        if (it == after.end()) ++removed;
        else if (it->second != body) ++changed;
    }
    for (const auto& [id, body] : after) added += before.count(id) == 0 ? 1 : 0;
    EXPECT_EQ(removed, 60u);
    EXPECT_EQ(changed, 100u);
    EXPECT_EQ(added, 40u);
    EXPECT_EQ(inv.live_vms_total(), after.size());
}

TEST(CloudsimInventory, MutationsAreDeterministicAndCumulative) {
    inventory a(small(500)), b(small(500));
    for (auto* inv : {&a, &b}) {
        inv->apply({.seed = 1, .add_share = 0.1, .change_share = 0.1, .remove_share = 0.1});
        inv->apply({.seed = 2, .add_share = 0.0, .change_share = 0.2, .remove_share = 0.05});
    }
    EXPECT_EQ(rendered(a), rendered(b));
    EXPECT_EQ(a.live_vms_total(), rendered(a).size());
    inventory c(small(500));
    c.apply({.seed = 1, .add_share = 0.1, .change_share = 0.1, .remove_share = 0.1});
    c.apply({.seed = 3, .add_share = 0.0, .change_share = 0.2, .remove_share = 0.05});
    EXPECT_NE(rendered(a), rendered(c));
}

TEST(CloudsimInventory, VariesTheProperties) {
    inventory inv(small(400));
    std::size_t linux_count = 0, owners = 0, public_ips = 0;
    std::set<std::string_view> regions;
    for (std::uint64_t i = 0; i < 400; ++i) {
        const auto vm = inv.vm(0, i);
        ASSERT_TRUE(vm);
        linux_count += vm->is_linux;
        owners += vm->has_owner_tag;
        public_ips += vm->has_public_ip;
        regions.insert(vm->region);
    }
    EXPECT_GT(linux_count, 200u);
    EXPECT_LT(linux_count, 400u);
    EXPECT_LT(owners, 400u);
    EXPECT_GT(public_ips, 150u);
    EXPECT_LT(public_ips, 250u);
    EXPECT_EQ(regions.size(), 4u);
    EXPECT_FALSE(inv.vm(0, 400));
    EXPECT_FALSE(inv.vm(2, 0));
}

TEST(CloudsimInventory, HugeInventoriesAreLazy) {
    inventory_options o = small();
    o.subscriptions = 10;
    o.vms_per_subscription = 100'000'000;
    inventory inv(o);
    const auto vm = inv.vm(9, 99'999'999);
    ASSERT_TRUE(vm);
    EXPECT_EQ(vm_name(*vm), "vm-0009-99999999");
    EXPECT_EQ(inv.find_subscription(inv.subscription_id(3)), 3u);
}

TEST(CloudsimInventory, RejectsBadOptionsAndShares) {
    inventory_options o = small();
    o.subscriptions = 0;
    EXPECT_THROW(inventory{o}, cloudsim_error);
    o = small();
    o.regions.clear();
    EXPECT_THROW(inventory{o}, cloudsim_error);
    inventory inv(small());
    EXPECT_THROW(inv.apply({.seed = 1, .add_share = -0.1}), cloudsim_error);
    EXPECT_THROW(inv.apply({.seed = 1, .change_share = 0.6, .remove_share = 0.6}), cloudsim_error);
    EXPECT_EQ(inv.generation(), 0u);
}

} // namespace
} // namespace cloudsync::cloudsim

#include "cloudsim/detail/json_out.hpp"

#include <boost/json/parse.hpp>

namespace cloudsync::cloudsim {
namespace {

TEST(CloudsimJsonOut, EscapesWhatJsonRequires) {
    const std::string tricky = std::string("plain \"quoted\" back\\slash\nline\ttab\x01 end");
    std::string out;
    detail::append_string(out, tricky);
    EXPECT_EQ(boost::json::parse(out).as_string(), tricky);
    out.clear();
    detail::append_string(out, "");
    EXPECT_EQ(out, "\"\"");
}

// append_string scans 8 bytes at a time: every special byte at every offset
// of a long string, beside UTF-8 and DEL, must still be escaped exactly once.
TEST(CloudsimJsonOut, EscapesAtEveryOffsetOfLongText) {
    for (const char special : {'"', '\\', '\n', '\x1f', '\x00'}) {
        for (std::size_t at = 0; at < 24; ++at) {
            std::string text = "abcdefghijklmnop\x7fqrstuvwx\xc3\xa9yz"; // é past every insertion point
            text.insert(at, 1, special);
            std::string out;
            detail::append_string(out, text);
            EXPECT_EQ(boost::json::parse(out).as_string(), text) << at;
        }
    }
}

} // namespace
} // namespace cloudsync::cloudsim
