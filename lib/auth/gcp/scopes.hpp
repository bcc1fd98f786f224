// The OAuth scopes cloudsync asks Google for, and why.
//
// Every inventory method accepts only the scopes its discovery document lists
// (shared/fixtures/gcp/auth.md §5): Compute takes cloud-platform, compute or
// compute.readonly; Cloud Storage also cloud-platform.read-only; Cloud Run v2
// services.list ONLY cloud-platform; Monitoring cloud-platform, monitoring or
// monitoring.read; Resource Manager cloud-platform or cloud-platform.read-only.
// cloud-platform is the one scope all of them accept, so it is the one scope
// requested (one token per account serves every collector). A scope is a cap on
// what a token may do, not a grant: least privilege comes from the IAM role of
// the identity (roles/viewer, or narrower per-API viewer roles), not from here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::auth::gcp {

inline constexpr std::string_view cloud_platform_scope =
    "https://www.googleapis.com/auth/cloud-platform";

inline std::vector<std::string> default_scopes() {
    return {std::string(cloud_platform_scope)};
}

// Space-separated, as the `scope` claim and form field carry them.
inline std::string join_scopes(const std::vector<std::string>& scopes) {
    std::string out;
    for (const auto& scope : scopes) {
        if (!out.empty())
            out.push_back(' ');
        out += scope;
    }
    return out;
}

} // namespace cloudsync::auth::gcp
