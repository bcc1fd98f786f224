// Process-wide Prometheus metrics: counters, gauges and histograms that any
// module updates, rendered by the API's /metrics in text format 0.0.4.
// Registration takes a lock; updates are lock-free atomics, so counting on hot
// paths (every HTTP attempt, every batch) is cheap. Returned references live as
// long as the registry.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::metrics {

// Label pairs in the order given, e.g. {{"result","succeeded"},{"kind","vms"}}.
using labels = std::vector<std::pair<std::string, std::string>>;

class counter {
public:
    void add(double value = 1.0) noexcept;
    double value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<double> value_{0.0};
};

// A value that is set, not accumulated (a timestamp, a count of something now).
class gauge {
public:
    void set(double value) noexcept { value_.store(value, std::memory_order_relaxed); }
    double value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<double> value_{0.0};
};

class histogram {
public:
    explicit histogram(std::vector<double> upper_bounds);
    void observe(double value) noexcept;

private:
    friend class registry;
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
    std::atomic<std::uint64_t> count_{0};
    std::atomic<double> sum_{0.0};
};

class registry {
public:
    // Returns the series for (name, labels), creating it on first use. The help
    // text and type of a name are fixed by its first registration.
    counter& get_counter(const std::string& name, const std::string& help, const labels& lbl = {});
    gauge& get_gauge(const std::string& name, const std::string& help, const labels& lbl = {});
    histogram& get_histogram(const std::string& name, const std::string& help,
                             const std::vector<double>& upper_bounds, const labels& lbl = {});
    // Drops the gauge series (name, labels), e.g. of a job the config no longer
    // has, so it stops being exported. References to it must not be used after.
    void remove_gauge(const std::string& name, const labels& lbl);
    std::string render() const;

private:
    enum class type { counter, gauge, histogram };
    struct family {
        std::string help;
        type kind = type::counter;
        std::map<std::string, std::unique_ptr<counter>> counters;     // by rendered labels
        std::map<std::string, std::unique_ptr<gauge>> gauges;         // by rendered labels
        std::map<std::string, std::unique_ptr<histogram>> histograms; // by rendered labels
    };
    mutable std::mutex mutex_;
    std::map<std::string, family> families_;
};

// The registry of the process.
registry& default_registry();

} // namespace cloudsync::metrics
