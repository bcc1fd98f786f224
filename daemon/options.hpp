// Config -> the small option structs the modules take (STYLE.md §3): only the
// daemon knows both the config and every module.
#pragma once

#include "api/server_options.hpp"
#include "config/config.hpp"
#include "http/client.hpp"
#include "scheduler/scheduler.hpp"
#include "store/database.hpp"

#include <vector>

namespace cloudsync::daemon {

store::options store_options(const config::config& cfg);
http::client_options http_options(const config::config& cfg);
scheduler::options scheduler_options(const config::config& cfg);
// listen_fds: sockets handed over by systemd (socket activation); they win over api.listen.
api::server_options api_options(const config::config& cfg, std::vector<int> listen_fds);

} // namespace cloudsync::daemon
