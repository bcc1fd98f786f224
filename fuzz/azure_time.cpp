// fuzz_azure_time: a timestamp as Azure Monitor, Alerts Management and Cloud Monitoring write
// them (collectors/common/utc_time.hpp, parse_utc). Checked beyond the
// sanitizers: what parse_utc accepts starts "YYYY-MM-DDTHH:MM:SS" with digits
// where digits belong, and format_utc of it reads back as the same second.
#include "collectors/common/utc_time.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace cloudsync::collectors::common;

namespace {

bool shaped(std::string_view text) {
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const char c = text[i];
        const bool ok = shape[i] == 'd'   ? c >= '0' && c <= '9'
                        : shape[i] == 'T' ? c == 'T' || c == 't'
                                          : c == shape[i];
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto t = parse_utc(text);
    if (!t)
        return 0;
    if (text.size() < 20 || !shaped(text))
        std::abort();
    const auto again = parse_utc(format_utc(*t));
    if (!again || std::chrono::floor<std::chrono::seconds>(*again) !=
                      std::chrono::floor<std::chrono::seconds>(*t))
        std::abort();
    return 0;
}
