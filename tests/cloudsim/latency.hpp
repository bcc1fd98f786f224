// Network latency as the sim plays it: every cloud answer (ARM, metrics,
// Entra and IMDS tokens; never /_sim controls) waits `fixed` plus a uniform
// jitter in [0, jitter] before it is sent, like a far region would. The wait
// is an Asio timer on the connection (detail/session.cpp), never a sleep, so
// hundreds of delayed answers overlap on the sim's few I/O threads.
// Jitter is deterministic: the n-th delayed answer of a sim always draws the
// same value.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace cloudsync::cloudsim {

struct latency_options {
    std::chrono::milliseconds fixed{0};  // added to every cloud answer
    std::chrono::milliseconds jitter{0}; // plus uniform [0, jitter]
};

class latency_model {
public:
    // Throws cloudsim_error on a negative duration.
    void configure(latency_options options);
    latency_options options() const;
    // The delay of the next answer (0 when latency is off).
    std::chrono::milliseconds next();

private:
    std::atomic<std::int64_t> fixed_ms_{0};
    std::atomic<std::int64_t> jitter_ms_{0};
    std::atomic<std::uint64_t> draws_{0};
};

} // namespace cloudsync::cloudsim
