// fuzz_config: YAML text through the config loader (config::load_string), as
// `cloudsyncd --check` reads a file. The loader's contract: a config or a
// config_error, nothing else (load.hpp). Secret references resolve against the
// current directory and the process environment as they would for the daemon.
#include "config/load.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto loaded = cloudsync::config::load_string(text, "fuzz.yaml");
        (void)loaded.value->accounts.size();
    } catch (const cloudsync::config::config_error& e) {
        (void)e.what();
    }
    return 0;
}
