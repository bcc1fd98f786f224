// The AWS account of a config as the collection engine takes it: one
// credential source (the configured keys or the instance profile through
// IMDSv2; the role, when configured, is assumed with them through STS), and the AWS provider module
// built from its endpoint templates and regions. Only the daemon knows both the config and the
// modules (STYLE.md §3).
#pragma once

#include "collectors/provider_module.hpp"
#include "config/config.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace cloudsync::daemon::providers {

// Throws cloudsync::error (auth_error, options_error) when the options cannot
// work. The message names `account`, never a key.
std::unique_ptr<collectors::provider_module> aws_module(const std::string& account,
                                                        const config::aws_account& aws,
                                                        std::chrono::seconds metrics_lookback,
                                                        collectors::engine_context engine);

} // namespace cloudsync::daemon::providers
