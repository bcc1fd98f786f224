// ARM's subscription read throttling as the sim plays it: one token bucket
// per subscription (ARM's 2024 regional algorithm: a bucket of 250 read
// tokens refilled at 25 a second, per subscription and principal). A read
// takes a token; an empty bucket means 429 until the refill brings one back.
// Only the bucket arithmetic lives here; which requests count, the headers
// and the 429 body are arm.cpp's. Off (capacity 0) by default.
//
// Thread safety: every method may be called from any thread. Time is passed
// in, so tests drive the buckets with their own clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace cloudsync::cloudsim {

struct rate_limit_options {
    std::uint32_t capacity = 0;    // tokens a full bucket holds; 0 = no limit, no bucket
    double refill_per_second = 0;  // tokens added per second, up to capacity (0 = never)
};

struct rate_decision {
    bool allowed = true;
    std::uint64_t remaining = 0;        // tokens left after this request
    std::chrono::seconds retry_after{0}; // when refused: whole seconds until a token is back (>= 1)
};

class rate_limiter {
public:
    using clock = std::chrono::steady_clock;

    // Throws cloudsim_error on a negative or non-finite refill rate. Every
    // bucket starts full again.
    void configure(rate_limit_options options);
    rate_limit_options options() const;
    bool enabled() const;

    // Takes one token from the bucket of `scope` at time `now`. When the
    // limiter is off: allowed, remaining 0.
    rate_decision take(std::uint32_t scope, clock::time_point now);

private:
    struct bucket {
        double tokens = 0;
        clock::time_point updated;
    };
    mutable std::mutex mutex_;
    rate_limit_options options_;
    std::unordered_map<std::uint32_t, bucket> buckets_;
};

} // namespace cloudsync::cloudsim
