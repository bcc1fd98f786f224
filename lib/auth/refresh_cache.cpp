#include "auth/refresh_cache.hpp"

#include <algorithm>

namespace cloudsync::auth {

std::chrono::seconds clamp_token_lifetime(std::chrono::seconds lifetime) noexcept {
    return std::clamp(lifetime, min_token_lifetime, max_token_lifetime);
}

token_times plan_refresh(clock::steady_time obtained, std::chrono::seconds lifetime) noexcept {
    lifetime = clamp_token_lifetime(lifetime);
    const auto margin = std::min<std::chrono::seconds>(std::chrono::minutes(5), lifetime / 10);
    return {obtained + lifetime - margin, obtained + lifetime};
}

} // namespace cloudsync::auth
