#include "inventory/run.hpp"

#include <array>

namespace cloudsync::inventory {

std::string_view to_string(run_status value) noexcept {
    switch (value) {
    case run_status::running: return "running";
    case run_status::succeeded: return "succeeded";
    case run_status::partial: return "partial";
    case run_status::failed: return "failed";
    case run_status::cancelled: return "cancelled";
    }
    return "unknown";
}

std::optional<run_status> parse_run_status(std::string_view text) noexcept {
    constexpr std::array all{run_status::running, run_status::succeeded, run_status::partial,
                             run_status::failed, run_status::cancelled};
    for (auto value : all)
        if (to_string(value) == text) return value;
    return std::nullopt;
}

} // namespace cloudsync::inventory
