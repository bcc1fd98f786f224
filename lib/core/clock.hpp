// The time source, injectable so the scheduler and token caches can be tested
// with a fake clock. steady() is for intervals and deadlines, system() for
// timestamps shown to people and written to the database.
#pragma once

#include <chrono>

namespace cloudsync {

class clock {
public:
    using steady_time = std::chrono::steady_clock::time_point;
    using system_time = std::chrono::system_clock::time_point;

    virtual ~clock() = default;
    virtual steady_time steady() const = 0;
    virtual system_time system() const = 0;
};

// The real clocks. Thread-safe; one instance may be shared.
class real_clock final : public clock {
public:
    steady_time steady() const override { return std::chrono::steady_clock::now(); }
    system_time system() const override { return std::chrono::system_clock::now(); }
};

} // namespace cloudsync
