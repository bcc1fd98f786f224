// The leased-jobs board on a store thread: one function per operation of
// database.hpp's "Several instances" section, each one transaction. The SQL is
// in sql.hpp (leased jobs, instances).
#pragma once

#include "store/jobs.hpp"

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::store::detail {

void enlist_jobs(pqxx::connection& conn, const std::vector<job_entry>& jobs);
// The result's next_due is a delay from now, in a zero-based time_point: the
// caller adds it to its own clock.
claim_result claim_jobs(pqxx::connection& conn, const std::string& instance,
                        const std::vector<job_ref>& mine, std::size_t limit, bool triggered_only,
                        std::chrono::milliseconds lease);

std::vector<job_ref> renew_leases(pqxx::connection& conn, const std::string& instance,
                                  const std::vector<job_ref>& held,
                                  std::chrono::milliseconds lease);

bool release_lease(pqxx::connection& conn, const std::string& instance, const job_ref& job,
                   std::chrono::milliseconds next_due_in, int failures,
                   std::optional<inventory::run_id> run, bool notify);

job_trigger_result trigger_job(pqxx::connection& conn, const job_ref& job,
                               const std::string& trigger, bool notify);

std::vector<job_row> read_jobs(pqxx::connection& conn);

void register_instance(pqxx::connection& conn, const instance_info& self);
// The same within a transaction that acts as the writer (apply_tenants).
void upsert_instance(pqxx::transaction_base& tx, const instance_info& self);
heartbeat_result heartbeat(pqxx::connection& conn, const instance_info& self);
void deregister_instance(pqxx::connection& conn, const std::string& id);

} // namespace cloudsync::store::detail
