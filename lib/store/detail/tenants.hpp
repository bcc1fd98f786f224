// Tenants, accounts and reader grants applied on a store thread (see
// database::apply_tenants for the contract).
#pragma once

#include "store/database.hpp"
#include "store/detail/roles.hpp"
#include "store/jobs.hpp"

#include <pqxx/connection>

#include <optional>
#include <vector>

namespace cloudsync::store::detail {

void apply_tenants(pqxx::connection& conn, const std::vector<tenant_spec>& tenants,
                   const std::vector<account_spec>& accounts, const acting_roles& roles,
                   const std::string& instance, const std::optional<instance_info>& self);

} // namespace cloudsync::store::detail
