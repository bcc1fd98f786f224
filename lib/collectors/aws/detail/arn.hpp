// The shape of an Amazon Resource Name, for the page parsers that take an ARN
// from a page as a record's native_id (AlarmArn, taskArn): a value that is not
// one makes the page malformed rather than the row's id something else.
#pragma once

#include <array>
#include <string_view>

namespace cloudsync::collectors::aws::detail {

// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE with a partition, a service and
// a resource (region and account may be empty, as in S3's arn:aws:s3:::NAME).
inline bool is_arn(std::string_view text) {
    std::array<std::string_view, 5> fields; // arn, partition, service, region, account
    for (auto& field : fields) {
        const auto colon = text.find(':');
        if (colon == std::string_view::npos)
            return false;
        field = text.substr(0, colon);
        text.remove_prefix(colon + 1);
    }
    return fields[0] == "arn" && !fields[1].empty() && !fields[2].empty() && !text.empty();
}

} // namespace cloudsync::collectors::aws::detail
