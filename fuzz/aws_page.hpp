// Shared by the AWS page targets, on top of azure_page.hpp's helpers (input
// text, the one exception a parser may throw, record checks): the selector
// byte that picks one parser of a family, and the promises every AWS page
// keeps beyond the sanitizers: an ARN as native id and a paging token that is
// absent rather than empty.
#pragma once

#include "azure_page.hpp"

#include <optional>
#include <string>

namespace cloudsync::fuzz {

inline void check_aws_record(const inventory::record& rec) {
    check_record(rec, nullptr); // raw is the item element converted, not its text
    if (!rec.native_id.starts_with("arn:"))
        std::abort();
}

inline void check_token(const std::optional<std::string>& token) {
    if (token && token->empty())
        std::abort();
}

} // namespace cloudsync::fuzz
