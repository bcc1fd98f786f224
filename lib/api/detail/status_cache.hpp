// The last /status body and the view it was rendered from. Rendering is most of
// what a GET /status costs (a JSON tree, every time formatted), yet between two
// requests the view rarely changes: the same jobs, the same last runs, the same
// uptime second. The cache compares the new view with the last one and renders
// only when they differ, so an answer is always exactly what rendering the view
// of that request would give, never an older state.
// Thread-safe: sessions on several threads ask at once; rendering runs outside
// the lock (two threads may both render a new view; either result is right).
#pragma once

#include "api/backend.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::api::detail {

class status_cache {
public:
    explicit status_cache(std::string version);

    // status_body(version, uptime_seconds, jobs, instances), from the last
    // rendering when that was of an equal view.
    std::string body(std::int64_t uptime_seconds, std::vector<job_status> jobs,
                     std::vector<instance_status> instances);

    // How many bodies were rendered so far (tests).
    std::uint64_t renders() const;

private:
    struct rendered {
        std::int64_t uptime_seconds = 0;
        std::vector<job_status> jobs;
        std::vector<instance_status> instances;
        std::string body;
    };

    const std::string version_;
    mutable std::mutex mutex_; // guards last_ and renders_
    std::shared_ptr<const rendered> last_;
    std::uint64_t renders_ = 0;
};

} // namespace cloudsync::api::detail
