// The opaque paging tokens of the AWS routes (EC2 NextToken, CloudWatch
// NextToken, S3 continuation-token, ECS nextToken): base64 text that always
// holds '+', '/' and '=', as real ones often do, so a client that does not
// URL-encode it sends a token the sim cannot read back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim::detail {

// A token for the page starting at `position` of list `kind` (e.g. "ec2:i:us-east-1").
std::string aws_page_token(std::string_view kind, std::uint64_t position);
// The position, when the token is one of aws_page_token(kind, ...); nullopt otherwise.
std::optional<std::uint64_t> aws_page_position(std::string_view kind, std::string_view token);

} // namespace cloudsync::cloudsim::detail
