// A thread that LISTENs on one channel over its own connection and calls back
// for each notification, reconnecting (after a second) when the connection
// breaks. The callback also runs after each (re)connect: notifications sent
// while it was away are lost, so the owner should look for itself then.
#pragma once

#include "store/detail/connect.hpp"

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace cloudsync::store::detail {

class listener {
public:
    listener(session_rules rules, std::string channel, std::function<void()> on_notify);
    // Stops and joins: within about half a second (its wait period), or at
    // once when the connection is cut.
    ~listener();
    listener(const listener&) = delete;
    listener& operator=(const listener&) = delete;

private:
    void run();

    session db_;
    std::string channel_;
    std::function<void()> on_notify_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

} // namespace cloudsync::store::detail
