#include "collectors/azure/arm_throttle.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <charconv>

namespace cloudsync::collectors::azure {

namespace {

std::optional<unsigned> number(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data())
        return std::nullopt;
    return value;
}

// "Microsoft.Compute/HighCostGet3Min;159,Microsoft.Compute/HighCostGet30Min;799": the lowest.
std::optional<unsigned> lowest_policy(std::string_view text) {
    std::optional<unsigned> low;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto part = text.substr(0, comma);
        if (const auto semi = part.find(';'); semi != std::string_view::npos)
            if (const auto n = number(part.substr(semi + 1)))
                low = low ? std::min(*low, *n) : *n;
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return low;
}

} // namespace

std::optional<unsigned> arm_remaining_reads(const http::header_list& headers) {
    std::optional<unsigned> low;
    for (const auto& [name, value] : headers) {
        std::optional<unsigned> n;
        if (iequals(name, "x-ms-ratelimit-remaining-subscription-reads") ||
            iequals(name, "x-ms-ratelimit-remaining-subscription-global-reads") ||
            iequals(name, "x-ms-ratelimit-remaining-tenant-reads"))
            n = number(value);
        else if (iequals(name, "x-ms-ratelimit-remaining-resource"))
            n = lowest_policy(value);
        if (n)
            low = low ? std::min(*low, *n) : *n;
    }
    return low;
}

arm_throttle::arm_throttle(common::throttle_settings settings) : settings_(settings) {}

std::chrono::milliseconds arm_throttle::delay(std::string_view scope_key) {
    if (!settings_.enabled)
        return std::chrono::milliseconds(0);
    auto it = budgets_.find(scope_key);
    if (it == budgets_.end() || !it->second.remaining)
        return std::chrono::milliseconds(0);
    auto& b = it->second;
    const unsigned left = *b.remaining;
    if (*b.remaining > 0)
        --*b.remaining; // this request spends one before its answer says so
    if (left >= settings_.low_watermark)
        return std::chrono::milliseconds(0);
    const auto spacing = std::min<std::chrono::milliseconds>(
        settings_.refill_window / std::max(left, 1u), settings_.max_delay);
    const auto now = clock::now();
    const auto slot = std::max(now, b.next_slot);
    b.next_slot = slot + spacing;
    return std::min(std::chrono::ceil<std::chrono::milliseconds>(slot - now), settings_.max_delay);
}

void arm_throttle::observe(std::string_view scope_key, const http::response& response) {
    const auto remaining = arm_remaining_reads(response.headers);
    if (!remaining)
        return;
    auto it = budgets_.find(scope_key);
    if (it == budgets_.end())
        it = budgets_.emplace(std::string(scope_key), budget{}).first;
    it->second.remaining = remaining;
    if (*remaining >= settings_.low_watermark)
        it->second.next_slot = {}; // recovered: no more spacing
}

} // namespace cloudsync::collectors::azure
