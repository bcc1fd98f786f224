#include "core/log.hpp"

#include "core/error.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>

namespace cloudsync {
namespace {

// "<3>" style prefix that journald turns into the PRIORITY field (sd-daemon(3)).
class sd_priority_flag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const char* prefix = "<6>";
        switch (msg.level) {
        case spdlog::level::trace:
        case spdlog::level::debug: prefix = "<7>"; break;
        case spdlog::level::info: prefix = "<6>"; break;
        case spdlog::level::warn: prefix = "<4>"; break;
        case spdlog::level::err: prefix = "<3>"; break;
        case spdlog::level::critical: prefix = "<2>"; break;
        default: break;
        }
        dest.append(prefix, prefix + 3);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<sd_priority_flag>();
    }
};

spdlog::level::level_enum to_spdlog(log_level level) {
    switch (level) {
    case log_level::debug: return spdlog::level::debug;
    case log_level::info: return spdlog::level::info;
    case log_level::warn: return spdlog::level::warn;
    case log_level::error: return spdlog::level::err;
    }
    return spdlog::level::info;
}

} // namespace

log_level parse_log_level(std::string_view text) {
    if (text == "debug") return log_level::debug;
    if (text == "info") return log_level::info;
    if (text == "warn") return log_level::warn;
    if (text == "error") return log_level::error;
    throw error("unknown log level '" + std::string(text) + "' (debug, info, warn, error)");
}

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr) return false;
    struct stat st{};
    if (fstat(fileno(stderr), &st) != 0) return false;
    const std::string expected =
        std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    return expected == stream;
}

void init_logging(log_level level) {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::logger>("cloudsyncd", sink);
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    if (stderr_is_journal()) {
        formatter->add_flag<sd_priority_flag>('*').set_pattern("%*%v");
    } else {
        formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    }
    logger->set_formatter(std::move(formatter));
    logger->set_level(to_spdlog(level));
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(std::move(logger));
}

} // namespace cloudsync
