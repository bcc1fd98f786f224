// The Azure account of a config as the collection engine takes it: its
// credentials (one per token audience, whatever the authentication method)
// and the Azure provider module built from its endpoints and subscriptions.
// Only the daemon knows both the config and the modules (STYLE.md §3).
#pragma once

#include "collectors/provider_module.hpp"
#include "config/config.hpp"

#include <chrono>
#include <memory>

namespace cloudsync::daemon::providers {

// Throws cloudsync::error when the credentials cannot be built.
std::unique_ptr<collectors::provider_module> azure_module(const config::azure_account& azure,
                                                          std::chrono::seconds metrics_lookback,
                                                          collectors::engine_context engine);

} // namespace cloudsync::daemon::providers
