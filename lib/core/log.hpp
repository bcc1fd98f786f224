// Logging setup for the process. Under systemd (JOURNAL_STREAM set and matching
// stderr) lines carry sd-daemon "<N>" priority prefixes and no timestamp, since
// journald adds its own; otherwise a plain timestamped line on stderr.
// Modules log through spdlog's default logger after init_logging().
#pragma once

#include <string_view>

namespace cloudsync {

enum class log_level { debug, info, warn, error };

// Parses "debug", "info", "warn", "error"; throws cloudsync::error otherwise.
log_level parse_log_level(std::string_view text);

void init_logging(log_level level);

// True when stderr is connected to the journal (see systemd.exec JOURNAL_STREAM).
bool stderr_is_journal();

} // namespace cloudsync
