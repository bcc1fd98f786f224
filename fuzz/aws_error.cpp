// fuzz_aws_error: an error body as any HTTP status (the first two bytes)
// through parse_aws_error and aws_api_error, which must never throw: the code
// is code-shaped, the message one line of printable ASCII and clipped, and every signature or
// token value is redacted.
#include "aws_page.hpp"
#include "collectors/aws/error_body.hpp"

#include "core/text.hpp"

#include <array>

using namespace cloudsync;

namespace {

// Each marker's value is "[redacted]", unless the message was clipped there.
void check_redacted(const std::string& message) {
    const auto lower = to_lower(message);
    const auto end = message.size() - (message.ends_with("...") ? 3 : 0);
    for (const std::string_view marker :
         {"signature=", "credential=", "security-token=", "sessiontoken=", "secretaccesskey="})
        for (auto at = lower.find(marker); at != std::string::npos;
             at = lower.find(marker, at + 1)) {
            const auto value = at + marker.size();
            if (value + 10 <= end && message.compare(value, 10, "[redacted]") != 0)
                std::abort();
        }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2)
        return 0;
    const unsigned status = 400u + (data[0] | (data[1] << 8)) % 200u;
    const auto body = fuzz::text_of(data + 2, size - 2);
    const auto parsed = collectors::aws::parse_aws_error(status, body);
    const auto error = collectors::aws::aws_api_error(
        status, body, "POST", "https://ec2.us-east-1.amazonaws.com/?NextToken=t");
    if (error.code() != parsed.code || error.message() != parsed.message)
        std::abort();
    if (parsed.code.size() > 128 || parsed.request_id.size() > 128 || parsed.message.size() > 303)
        std::abort();
    for (const char c : parsed.message) // one line of printable ASCII
        if (c < 0x20 || c > 0x7e)
            std::abort();
    check_redacted(parsed.message);
    check_redacted(error.what());
    (void)collectors::aws::is_throttle_code(parsed.code);
    return 0;
}
