// This cloudsyncd process as the other instances on its database see it: a
// unique id, its host, pid and version, the accounts its config holds, and a
// digest of the config settings every instance must agree on. The digest
// covers tenants and readers, accounts (tenant, provider, collectors, scopes,
// endpoints), schedule intervals, jitter and backoff, metric and history
// settings and the lease; it leaves out what differs per machine by design
// (database, api, log, concurrency) and every secret, so it never reveals one.
#pragma once

#include "config/config.hpp"
#include "store/jobs.hpp"

#include <string>

namespace cloudsync::daemon {

// Hex SHA-256 of the shared settings' canonical text (first 16 characters).
std::string config_digest(const config::config& cfg);

// A fresh id ("<host>-<pid>-<8 random hex>"), unique even when a pid is reused.
std::string new_instance_id();

// The instance as it announces itself with `id` and `cfg`.
store::instance_info describe_instance(const std::string& id, const config::config& cfg);

} // namespace cloudsync::daemon
