// A clock whose wall time stands still until a test advances it, for the
// metrics collectors' windows (the steady clock stays real: timers still run).
#pragma once

#include "core/clock.hpp"

#include <chrono>

namespace cloudsync::test {

class fixed_clock final : public cloudsync::clock {
public:
    explicit fixed_clock(system_time now) : now_(now) {}
    steady_time steady() const override { return std::chrono::steady_clock::now(); }
    system_time system() const override { return now_; }
    void advance(std::chrono::seconds by) { now_ += by; }

private:
    system_time now_;
};

} // namespace cloudsync::test
