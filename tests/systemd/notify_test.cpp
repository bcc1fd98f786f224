// sd_notify messages and the watchdog loop, received on a NOTIFY_SOCKET
// datagram socket the test owns (what systemd does for a Type=notify unit).
#include "systemd/notify.hpp"
#include "systemd/watchdog.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <vector>

namespace cs = cloudsync::systemd;
using namespace std::chrono_literals;

namespace {

// A bound AF_UNIX datagram socket exported as NOTIFY_SOCKET for one test.
class notify_listener {
public:
    notify_listener() {
        path_ = ::testing::TempDir() + "notify-" + std::to_string(::getpid()) + ".sock";
        ::unlink(path_.c_str());
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        path_.copy(addr.sun_path, sizeof addr.sun_path - 1);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("bind notify socket");
        ::setenv("NOTIFY_SOCKET", path_.c_str(), 1);
    }
    ~notify_listener() {
        ::unsetenv("NOTIFY_SOCKET");
        ::close(fd_);
        ::unlink(path_.c_str());
    }
    // Every datagram that arrives within `wait`.
    std::vector<std::string> drain(std::chrono::milliseconds wait = 50ms) {
        std::vector<std::string> out;
        pollfd p{fd_, POLLIN, 0};
        while (::poll(&p, 1, static_cast<int>(wait.count())) > 0) {
            char buf[4096];
            const auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            out.emplace_back(buf, static_cast<std::size_t>(n));
        }
        return out;
    }

private:
    std::string path_;
    int fd_ = -1;
};

std::uint64_t monotonic_usec() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u +
           static_cast<std::uint64_t>(ts.tv_nsec) / 1'000u;
}

} // namespace

TEST(Notify, SendsReadyStatusStopping) {
    notify_listener listener;
    EXPECT_TRUE(cs::notify_ready());
    EXPECT_TRUE(cs::notify_status("3 jobs, last run ok\nsecond line"));
    EXPECT_TRUE(cs::notify_stopping());
    const auto got = listener.drain();
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], "READY=1");
    EXPECT_EQ(got[1], "STATUS=3 jobs, last run ok second line");
    EXPECT_EQ(got[2], "STOPPING=1");
}

TEST(Notify, ReloadingCarriesMonotonicTimestamp) {
    notify_listener listener;
    const auto before = monotonic_usec();
    EXPECT_TRUE(cs::notify_reloading());
    const auto after = monotonic_usec();
    const auto got = listener.drain();
    ASSERT_EQ(got.size(), 1u);
    const std::string prefix = "RELOADING=1\nMONOTONIC_USEC=";
    ASSERT_EQ(got[0].rfind(prefix, 0), 0u) << got[0];
    const auto stamp = std::stoull(got[0].substr(prefix.size()));
    EXPECT_GE(stamp, before);
    EXPECT_LE(stamp, after);
}

TEST(Notify, NoOpWithoutNotifySocket) {
    ::unsetenv("NOTIFY_SOCKET");
    EXPECT_FALSE(cs::notify_ready());
    EXPECT_FALSE(cs::notify_status("x"));
    EXPECT_FALSE(cs::notify_reloading());
    EXPECT_FALSE(cs::notify_stopping());
    EXPECT_FALSE(cs::notify_watchdog());
}

TEST(Notify, SurvivesAMissingSocket) {
    ::setenv("NOTIFY_SOCKET", "/nonexistent/notify.sock", 1);
    EXPECT_FALSE(cs::notify_ready());
    ::unsetenv("NOTIFY_SOCKET");
}

TEST(Watchdog, IntervalIsHalfOfWatchdogUsec) {
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    EXPECT_EQ(cs::watchdog_interval(), std::chrono::microseconds(15'000'000));
    ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
    EXPECT_EQ(cs::watchdog_interval(), std::nullopt) << "watchdog meant for another process";
    ::setenv("WATCHDOG_USEC", "garbage", 1);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    EXPECT_EQ(cs::watchdog_interval(), std::nullopt);
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
    EXPECT_EQ(cs::watchdog_interval(), std::nullopt);
}

// Runs the watchdog loop for `duration` with the given alive flag.
static std::vector<std::string> run_watchdog_for(std::atomic<bool>& alive,
                                                 std::chrono::milliseconds duration,
                                                 notify_listener& listener) {
    boost::asio::io_context io;
    boost::asio::co_spawn(io, cs::run_watchdog(20ms, [&alive] { return alive.load(); }),
                          boost::asio::detached);
    io.run_for(duration);
    return listener.drain();
}

TEST(Watchdog, PingsOnlyWhileAlive) {
    notify_listener listener;
    std::atomic<bool> alive{true};
    const auto pings = run_watchdog_for(alive, 200ms, listener);
    EXPECT_GE(pings.size(), 3u);
    for (const auto& p : pings)
        EXPECT_EQ(p, "WATCHDOG=1");

    alive = false;
    EXPECT_TRUE(run_watchdog_for(alive, 200ms, listener).empty());
}

TEST(Watchdog, ThrowingPredicateMeansNotAlive) {
    notify_listener listener;
    boost::asio::io_context io;
    boost::asio::co_spawn(io,
                          cs::run_watchdog(10ms, []() -> bool { throw std::runtime_error("x"); }),
                          boost::asio::detached);
    io.run_for(100ms);
    EXPECT_TRUE(listener.drain().empty());
}
