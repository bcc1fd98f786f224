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

namespace {

std::string_view scope_noun(provider cloud) {
    switch (cloud) {
    case provider::azure: return "subscriptions";
    case provider::gcp: return "projects";
    case provider::aws: return "regions";
    }
    return "scopes";
}

} // namespace

run_status status_after_scopes(std::size_t failed, std::size_t begun) noexcept {
    if (failed == 0) return run_status::succeeded;
    return failed >= begun ? run_status::failed : run_status::partial;
}

std::string describe_failed_scopes(provider cloud,
                                   const std::vector<std::pair<std::string, std::string>>& failed,
                                   std::size_t scopes_begun) {
    constexpr std::size_t max_length = 2000;
    std::string out = std::to_string(failed.size()) + " of " + std::to_string(scopes_begun) + " " +
                      std::string(scope_noun(cloud)) + " failed: ";
    for (std::size_t i = 0; i < failed.size(); ++i) {
        if (i > 0) out += "; ";
        const auto& [scope, error] = failed[i];
        out += (scope.empty() ? std::string("(account)") : scope) + ": " +
               error.substr(0, error.find_first_of("\r\n"));
    }
    if (out.size() > max_length) {
        // Cut between characters: a UTF-8 continuation byte (10xxxxxx) never starts one.
        auto cut = max_length - 3;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut;
        out = out.substr(0, cut) + "...";
    }
    return out;
}

std::optional<run_status> parse_run_status(std::string_view text) noexcept {
    constexpr std::array all{run_status::running, run_status::succeeded, run_status::partial,
                             run_status::failed, run_status::cancelled};
    for (auto value : all)
        if (to_string(value) == text) return value;
    return std::nullopt;
}

} // namespace cloudsync::inventory
