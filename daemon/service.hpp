// The running daemon: owns the event loops, the store, the HTTP client, the
// scheduler and the API server, and drives their lifecycle — start, SIGHUP
// reload, SIGTERM shutdown — and the systemd notifications that go with it.
//
// Threads: one event loop thread for the scheduler, collectors and HTTP client
// (so a collector, its credentials and the client share one thread), one for
// the API server (so /healthz answers while a sync parses pages), and the
// store's own threads for libpqxx.
#pragma once

#include "config/config.hpp"

#include <memory>
#include <optional>
#include <string>

namespace cloudsync::daemon {

// Foreground daemon until SIGTERM/SIGINT. Returns the process exit code: 0 after
// a clean shutdown, 1 when it could not start (database, migrations, listen).
int run_service(std::string config_path, std::shared_ptr<const config::config> cfg);

// `--once`: runs the selected jobs once. 0 when every one succeeded, 1 when one
// failed, 2 for an unknown account or collector kind.
int run_once(std::shared_ptr<const config::config> cfg, std::optional<std::string> account,
             std::optional<std::string> collector);

} // namespace cloudsync::daemon
