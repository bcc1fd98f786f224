// cloudsyncd: parse arguments, load and validate the config, then either check
// it, run one pass (--once), or run as a service (service.cpp: open the store,
// migrate, apply tenants, start the API and the scheduler, notify READY, wait
// for signals).
#include "allocator.hpp"
#include "args.hpp"
#include "config/load.hpp"
#include "core/log.hpp"
#include "no_core_dumps.hpp"
#include "service.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>

int main(int argc, char** argv) {
    using namespace cloudsync;
    const bool no_core = daemon::forbid_core_dumps(); // before any secret is read
    daemon::arguments args;
    try {
        args = daemon::parse_arguments({argv, static_cast<std::size_t>(argc)});
    } catch (const daemon::usage_error& e) {
        std::fprintf(stderr, "cloudsyncd: %s\n%s", e.what(), daemon::usage_text);
        return 2;
    }
    if (args.what == daemon::mode::version) {
        std::printf("cloudsyncd %s\n", CLOUDSYNC_VERSION);
        return 0;
    }
    if (args.what == daemon::mode::help) {
        std::fputs(daemon::usage_text, stdout);
        return 0;
    }

    daemon::tune_allocator();
    init_logging(log_level::info);
    if (!no_core)
        spdlog::warn("could not forbid core dumps (prctl/setrlimit refused): a crash could "
                     "write secrets to a core file");
    config::loaded cfg;
    try {
        cfg = config::load_file(args.config_path);
    } catch (const config::config_error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    for (const auto& warning : cfg.warnings) spdlog::warn("{}", warning);
    if (args.what == daemon::mode::check) {
        std::printf("%s: ok\n", args.config_path.c_str());
        return 0;
    }

    init_logging(cfg.value->log.level);
    if (args.what == daemon::mode::once)
        return daemon::run_once(cfg.value, args.account, args.collector);
    return daemon::run_service(args.config_path, cfg.value);
}
