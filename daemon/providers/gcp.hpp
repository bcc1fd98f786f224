// The GCP account of a config as the collection engine takes it: one
// credential from its key (service account or authorized user, by the key's
// type; gcp.endpoints.token overrides the key's token_uri) or from the metadata
// server of the VM it runs on (gcp.metadata_server), and the GCP provider
// module built from its endpoints and projects. Only the daemon knows both the
// config and the modules (STYLE.md §3).
#pragma once

#include "collectors/provider_module.hpp"
#include "config/config.hpp"

#include <memory>

namespace cloudsync::daemon::providers {

// Throws cloudsync::error (auth_error, options_error) when the key or the
// options cannot work. The message names `account`, never the key's content.
std::unique_ptr<collectors::provider_module> gcp_module(const std::string& account,
                                                        const config::gcp_account& gcp,
                                                        std::chrono::seconds metrics_lookback,
                                                        collectors::engine_context engine);

} // namespace cloudsync::daemon::providers
