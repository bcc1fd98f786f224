#include "args.hpp"

#include <string_view>

namespace cloudsync::daemon {

const char* const usage_text =
    "usage: cloudsyncd --config FILE                 run in the foreground\n"
    "       cloudsyncd --config FILE --check         validate the config and exit\n"
    "       cloudsyncd --config FILE --once [--account NAME] [--collector KIND]\n"
    "                                                one pass; exit 0 only if every job succeeded\n"
    "       cloudsyncd --version\n";

namespace {

std::string value_of(std::span<const char* const> argv, std::size_t& i, std::string_view flag) {
    if (i + 1 >= argv.size()) throw usage_error(std::string(flag) + " needs a value");
    return argv[++i];
}

} // namespace

arguments parse_arguments(std::span<const char* const> argv) {
    arguments args;
    bool check = false, once = false;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--config") args.config_path = value_of(argv, i, arg);
        else if (arg == "--check") check = true;
        else if (arg == "--once") once = true;
        else if (arg == "--account") args.account = value_of(argv, i, arg);
        else if (arg == "--collector") args.collector = value_of(argv, i, arg);
        else if (arg == "--version") return {mode::version, {}, {}, {}};
        else if (arg == "--help" || arg == "-h") return {mode::help, {}, {}, {}};
        else throw usage_error("unknown argument '" + std::string(arg) + "'");
    }
    if (check && once) throw usage_error("--check and --once exclude each other");
    if ((args.account || args.collector) && !once)
        throw usage_error("--account and --collector go with --once");
    if (args.config_path.empty()) throw usage_error("--config FILE is required");
    args.what = check ? mode::check : once ? mode::once : mode::run;
    return args;
}

} // namespace cloudsync::daemon
