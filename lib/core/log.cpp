#include "core/log.hpp"

#include "core/error.hpp"
#include "core/journal.hpp"
#include "core/log_fields.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <sys/stat.h>

namespace cloudsync {
namespace {

// syslog(3) priority of a level, as journald's PRIORITY field has it.
char priority_digit(spdlog::level::level_enum level) {
    switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return '7';
    case spdlog::level::info: return '6';
    case spdlog::level::warn: return '4';
    case spdlog::level::err: return '3';
    case spdlog::level::critical: return '2';
    default: return '6';
    }
}

// "<3>" style prefix that journald turns into the PRIORITY field (sd-daemon(3)).
class sd_priority_flag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const char prefix[] = {'<', priority_digit(msg.level), '>'};
        dest.append(prefix, prefix + 3);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<sd_priority_flag>();
    }
};

// Records as journald native datagrams, with the thread's log fields
// (log_fields.hpp) as fields of their own. A record journald does not take
// goes to stderr with its priority prefix, so nothing is lost.
class journal_sink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit journal_sink(std::string socket_path) : socket_(std::move(socket_path)) {
        auto fallback = std::make_unique<spdlog::pattern_formatter>();
        fallback->add_flag<sd_priority_flag>('*').set_pattern("%*%v");
        fallback_formatter_ = std::move(fallback);
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        datagram_.clear();
        const char priority[] = {priority_digit(msg.level)};
        journal::append_field(datagram_, "PRIORITY", {priority, 1});
        journal::append_field(datagram_, "SYSLOG_IDENTIFIER", "cloudsyncd");
        journal::append_field(datagram_, "MESSAGE", {msg.payload.data(), msg.payload.size()});
        if (const auto* fields = current_log_fields()) {
            if (!fields->account.empty())
                journal::append_field(datagram_, "ACCOUNT", fields->account);
            if (!fields->collector.empty())
                journal::append_field(datagram_, "COLLECTOR", fields->collector);
            if (!fields->provider.empty())
                journal::append_field(datagram_, "PROVIDER", fields->provider);
            if (const auto run = fields->run_id.load(std::memory_order_relaxed); run != 0)
                journal::append_field(datagram_, "RUN_ID", std::to_string(run));
        }
        if (socket_.send(datagram_)) return;
        spdlog::memory_buf_t line;
        fallback_formatter_->format(msg, line);
        std::fwrite(line.data(), 1, line.size(), stderr);
    }
    void flush_() override { std::fflush(stderr); }

private:
    journal::socket socket_;
    std::string datagram_;
    std::unique_ptr<spdlog::formatter> fallback_formatter_;
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
    std::shared_ptr<spdlog::logger> logger;
    if (stderr_is_journal()) {
        const char* socket = std::getenv("CLOUDSYNC_JOURNAL_SOCKET");
        logger = std::make_shared<spdlog::logger>(
            "cloudsyncd", std::make_shared<journal_sink>(socket && *socket
                                                             ? socket
                                                             : std::string(journal::default_socket)));
    } else {
        logger = std::make_shared<spdlog::logger>(
            "cloudsyncd", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        auto formatter = std::make_unique<spdlog::pattern_formatter>();
        formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
        logger->set_formatter(std::move(formatter));
    }
    logger->set_level(to_spdlog(level));
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(std::move(logger));
}

} // namespace cloudsync
