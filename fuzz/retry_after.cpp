// fuzz_retry_after: a Retry-After header value (http/detail/retry_after.hpp),
// delta-seconds or any of the three HTTP-date forms. Checked beyond the
// sanitizers: a wait is never negative, and a date read by parse_http_date is a
// wait of exactly 5 s when `now` is 5 s before it (so the date, not the clock,
// decides the wait).
#include "http/detail/retry_after.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace std::chrono;
using cloudsync::http::detail::parse_http_date;
using cloudsync::http::detail::parse_retry_after;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // 2026-12-02T12:00:00Z, a fixed clock: the outcome depends on the input alone.
    const system_clock::time_point now{seconds{1'796'212'800}};
    if (const auto wait = parse_retry_after(text, now); wait && wait->count() < 0)
        std::abort();
    if (const auto date = parse_http_date(text)) {
        const auto wait = parse_retry_after(text, *date - seconds{5});
        if (!wait || *wait != milliseconds{5000})
            std::abort();
    }
    return 0;
}
