// Logging setup for the process. Under systemd (JOURNAL_STREAM set and matching
// stderr) records go to journald by its native protocol, with the fields of
// log_fields.hpp (ACCOUNT=, COLLECTOR=, PROVIDER=, RUN_ID=) beside MESSAGE and
// PRIORITY; a record journald does not take goes to stderr with an sd-daemon
// "<N>" priority prefix. Otherwise a plain timestamped line on stderr.
// CLOUDSYNC_JOURNAL_SOCKET names another socket than journald's (tests).
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
