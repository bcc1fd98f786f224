#include "http/detail/pool.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace cloudsync::http::detail {
namespace {

using namespace std::chrono_literals;

TEST(Pool, LastInFirstOutPerKeyBoundedAndExpiring) {
    boost::asio::io_context io;
    pool p(2, 1000ms);
    const auto t0 = std::chrono::steady_clock::now();
    auto a = std::make_shared<connection>(io.get_executor(), nullptr);
    auto b = std::make_shared<connection>(io.get_executor(), nullptr);
    auto c = std::make_shared<connection>(io.get_executor(), nullptr);
    p.put("k", a, t0);
    p.put("k", b, t0 + 10ms);
    p.put("k", c, t0 + 20ms); // evicts a, the oldest
    EXPECT_EQ(p.idle_count(), 2u);
    EXPECT_EQ(p.take("other", t0), nullptr);
    EXPECT_EQ(p.take("k", t0 + 30ms), c);
    EXPECT_EQ(p.take("k", t0 + 1500ms), nullptr); // b expired
    EXPECT_EQ(p.idle_count(), 0u);
}

TEST(Pool, ZeroIdleKeepsNothing) {
    boost::asio::io_context io;
    pool p(0, 1000ms);
    p.put("k", std::make_shared<connection>(io.get_executor(), nullptr),
          std::chrono::steady_clock::now());
    EXPECT_EQ(p.idle_count(), 0u);
}

} // namespace
} // namespace cloudsync::http::detail
