// fuzz_aws_cloudwatch_pages: a GetMetricData or DescribeAlarms page (the first
// byte picks which) through its parser: a page_error or results whose
// Timestamps and Values pair up with finite values, and alarms as aws_page.hpp
// checks with a condition that is a JSON object.
#include "aws_page.hpp"
#include "collectors/aws/cloudwatch_pages.hpp"

#include <cmath>

using namespace cloudsync;
namespace aws = cloudsync::collectors::aws;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const auto text = fuzz::text_of(data + 1, size - 1);
    fuzz::refusing_malformed([&] {
        if (data[0] % 2 == 0) {
            const auto page = aws::parse_metric_data_page(text);
            fuzz::check_token(page.next_token);
            for (const auto& result : page.results) {
                if (result.id.empty() || result.timestamps.size() != result.values.size())
                    std::abort();
                for (const auto value : result.values)
                    if (!std::isfinite(value))
                        std::abort();
            }
            return;
        }
        const auto page = aws::parse_alarm_page(text, "r", "1");
        fuzz::check_token(page.next_token);
        for (const auto& rec : page.items) {
            fuzz::check_aws_record(rec);
            const auto& alert = std::get<inventory::alert_columns>(rec.columns);
            if (!fuzz::parse_or_abort(alert.condition).is_object())
                std::abort();
        }
    });
    return 0;
}
