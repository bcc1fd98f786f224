// Socket activation: fds placed at SD_LISTEN_FDS_START with LISTEN_PID and
// LISTEN_FDS set, as systemd passes them. The test moves whatever the process
// has at fds 3..5 out of the way and restores it afterwards.
#include "systemd/listen_fds.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace {

constexpr int first_fd = 3;
constexpr int count = 3;

class ListenFds : public ::testing::Test {
protected:
    void SetUp() override {
        for (int i = 0; i < count; ++i)
            saved_[i] = ::fcntl(first_fd + i, F_DUPFD_CLOEXEC, 100);
    }
    void TearDown() override {
        for (int i = 0; i < count; ++i) {
            if (saved_[i] >= 0) {
                ::dup2(saved_[i], first_fd + i);
                ::close(saved_[i]);
            } else {
                ::close(first_fd + i);
            }
        }
        ::unsetenv("LISTEN_PID");
        ::unsetenv("LISTEN_FDS");
    }
    void place(int fd, int target) {
        ASSERT_GE(fd, 0);
        if (fd == target)
            return; // the kernel handed out the slot itself
        ASSERT_EQ(::dup2(fd, target), target);
        ::close(fd);
    }
    int saved_[count] = {-1, -1, -1};
};

int listening_tcp() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd, 8);
    return fd;
}

} // namespace

TEST_F(ListenFds, ReturnsOnlyListeningStreamSockets) {
    place(listening_tcp(), 3);
    place(::socket(AF_INET, SOCK_DGRAM, 0), 4);  // not a stream socket
    place(::socket(AF_INET, SOCK_STREAM, 0), 5); // not listening
    ::setenv("LISTEN_PID", std::to_string(::getpid()).c_str(), 1);
    ::setenv("LISTEN_FDS", "3", 1);

    const auto fds = cloudsync::systemd::listen_fds();
    ASSERT_EQ(fds.size(), 1u);
    EXPECT_EQ(fds[0], 3);
    EXPECT_TRUE(::fcntl(3, F_GETFD) & FD_CLOEXEC);
    EXPECT_EQ(std::getenv("LISTEN_FDS"), nullptr) << "children must not inherit the fds";
}

TEST_F(ListenFds, EmptyWhenNotActivated) {
    ::unsetenv("LISTEN_PID");
    EXPECT_TRUE(cloudsync::systemd::listen_fds().empty());
}

TEST_F(ListenFds, IgnoresFdsMeantForAnotherProcess) {
    place(listening_tcp(), 3);
    ::setenv("LISTEN_PID", std::to_string(::getpid() + 1).c_str(), 1);
    ::setenv("LISTEN_FDS", "1", 1);
    EXPECT_TRUE(cloudsync::systemd::listen_fds().empty());
}
