#include "core/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace cloudsync::metrics {
namespace {

std::string escape_label(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string render_labels(const labels& lbl) {
    std::string out;
    for (const auto& [key, value] : lbl) {
        out += out.empty() ? "" : ",";
        out += key + "=\"" + escape_label(value) + "\"";
    }
    return out;
}

std::string number(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    return buf;
}

std::string with_label(const std::string& rendered, const std::string& extra) {
    if (rendered.empty()) return "{" + extra + "}";
    return "{" + rendered + "," + extra + "}";
}

void atomic_add(std::atomic<double>& target, double value) noexcept {
    double current = target.load(std::memory_order_relaxed);
    while (!target.compare_exchange_weak(current, current + value, std::memory_order_relaxed)) {
    }
}

} // namespace

void counter::add(double value) noexcept { atomic_add(value_, value); }

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size())) {
    std::sort(bounds_.begin(), bounds_.end());
}

void histogram::observe(double value) noexcept {
    for (std::size_t i = 0; i < bounds_.size(); ++i)
        if (value <= bounds_[i]) buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    atomic_add(sum_, value);
}

counter& registry::get_counter(const std::string& name, const std::string& help,
                               const labels& lbl) {
    std::lock_guard lock(mutex_);
    auto& fam = families_[name];
    if (fam.help.empty()) fam.help = help;
    auto& slot = fam.counters[render_labels(lbl)];
    if (!slot) slot = std::make_unique<counter>();
    return *slot;
}

gauge& registry::get_gauge(const std::string& name, const std::string& help, const labels& lbl) {
    std::lock_guard lock(mutex_);
    auto& fam = families_[name];
    if (fam.help.empty()) fam.help = help;
    fam.kind = type::gauge;
    auto& slot = fam.gauges[render_labels(lbl)];
    if (!slot) slot = std::make_unique<gauge>();
    return *slot;
}

void registry::remove_gauge(const std::string& name, const labels& lbl) {
    std::lock_guard lock(mutex_);
    if (auto it = families_.find(name); it != families_.end())
        it->second.gauges.erase(render_labels(lbl));
}

histogram& registry::get_histogram(const std::string& name, const std::string& help,
                                   const std::vector<double>& upper_bounds, const labels& lbl) {
    std::lock_guard lock(mutex_);
    auto& fam = families_[name];
    if (fam.help.empty()) fam.help = help;
    fam.kind = type::histogram;
    auto& slot = fam.histograms[render_labels(lbl)];
    if (!slot) slot = std::make_unique<histogram>(upper_bounds);
    return *slot;
}

std::string registry::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& [name, fam] : families_) {
        if (fam.counters.empty() && fam.gauges.empty() && fam.histograms.empty())
            continue; // every series removed
        static constexpr const char* type_names[] = {" counter\n", " gauge\n", " histogram\n"};
        out += "# HELP " + name + " " + fam.help + "\n";
        out += "# TYPE " + name + type_names[static_cast<int>(fam.kind)];
        for (const auto& [lbl, series] : fam.counters)
            out += name + (lbl.empty() ? "" : "{" + lbl + "}") + " " + number(series->value()) +
                   "\n";
        for (const auto& [lbl, series] : fam.gauges)
            out += name + (lbl.empty() ? "" : "{" + lbl + "}") + " " + number(series->value()) +
                   "\n";
        for (const auto& [lbl, h] : fam.histograms) {
            for (std::size_t i = 0; i < h->bounds_.size(); ++i)
                out += name + "_bucket" + with_label(lbl, "le=\"" + number(h->bounds_[i]) + "\"") +
                       " " + std::to_string(h->buckets_[i].load()) + "\n";
            out += name + "_bucket" + with_label(lbl, "le=\"+Inf\"") + " " +
                   std::to_string(h->count_.load()) + "\n";
            const std::string suffix = lbl.empty() ? "" : "{" + lbl + "}";
            out += name + "_sum" + suffix + " " + number(h->sum_.load()) + "\n";
            out += name + "_count" + suffix + " " + std::to_string(h->count_.load()) + "\n";
        }
    }
    return out;
}

registry& default_registry() {
    static registry instance;
    return instance;
}

} // namespace cloudsync::metrics
