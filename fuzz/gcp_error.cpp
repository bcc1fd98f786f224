// fuzz_gcp_error: an error body as any HTTP status (the first two bytes)
// through gcp_error, which must never throw: the kind it reports is the kind
// its code gives back (kind_of), and no Google access token survives in the
// message.
#include "collectors/gcp/error_body.hpp"
#include "gcp_page.hpp"

#include "core/text.hpp"

using namespace cloudsync;

namespace {

// Every "ya29." is followed by "[redacted]", unless the message was clipped there.
void check_redacted(const std::string& message) {
    const auto lower = to_lower(message);
    const auto end = message.size() - (message.ends_with("...") ? 3 : 0);
    for (auto at = lower.find("ya29."); at != std::string::npos; at = lower.find("ya29.", at + 1))
        if (at + 15 <= end && message.compare(at + 5, 10, "[redacted]") != 0)
            std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2)
        return 0;
    const unsigned status = 400u + (data[0] | (data[1] << 8)) % 200u;
    const auto body = fuzz::text_of(data + 2, size - 2);
    const auto parsed = collectors::gcp::parse_google_error(status, body);
    const auto error = collectors::gcp::gcp_error(status, body, fuzz::gcp_url);
    if (collectors::gcp::kind_of(error) != parsed.kind || error.code() != parsed.code)
        std::abort();
    check_redacted(parsed.message);
    check_redacted(error.what());
    return 0;
}
