// A clock tests move by hand.
#pragma once

#include "core/clock.hpp"

namespace cloudsync::test {

class fake_clock final : public cloudsync::clock {
public:
    steady_time steady() const override { return steady_; }
    system_time system() const override { return system_; }
    void advance(std::chrono::nanoseconds by) {
        steady_ += by;
        system_ += std::chrono::duration_cast<system_time::duration>(by);
    }
    // Moves the wall clock alone (to match the dates of an official example).
    void set_system(system_time at) { system_ = at; }

private:
    steady_time steady_{std::chrono::hours(1000)};
    system_time system_{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};
};

} // namespace cloudsync::test
