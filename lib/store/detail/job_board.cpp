#include "store/detail/job_board.hpp"

#include "store/detail/copy_text.hpp"
#include "store/detail/run_rows.hpp"
#include "store/detail/sql.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <pqxx/pqxx>

#include <set>

namespace cloudsync::store::detail {
namespace inv = cloudsync::inventory;

namespace {

system_time from_micros(std::int64_t micros) {
    return system_time(std::chrono::microseconds(micros));
}

// The pairwise (accounts, kinds) arrays the statements unnest.
struct ref_arrays {
    std::string accounts;
    std::string kinds;
};

ref_arrays arrays_of(const std::vector<job_ref>& refs) {
    std::vector<std::string> accounts;
    std::vector<std::string> kinds;
    for (const auto& ref : refs) {
        accounts.push_back(ref.account);
        kinds.emplace_back(inv::to_string(ref.kind));
    }
    return {array_literal(accounts), array_literal(kinds)};
}

job_ref ref_of(const pqxx::row& row, int account, int kind) {
    return {
        row[account].as<std::string>(),
        inv::parse_collector_kind(row[kind].as<std::string>()).value_or(inv::collector_kind::vms)};
}

std::string bigint_array(const std::vector<std::chrono::milliseconds>& values) {
    std::string literal = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            literal += ',';
        literal += std::to_string(values[i].count());
    }
    return literal + "}";
}

} // namespace

void enlist_jobs(pqxx::connection& conn, const std::vector<job_entry>& jobs) {
    std::vector<std::string> tenants, accounts, kinds, providers;
    std::vector<std::chrono::milliseconds> first_delays;
    for (const auto& job : jobs) {
        first_delays.push_back(job.first_due_in);
        tenants.push_back(job.tenant);
        accounts.push_back(job.account);
        kinds.emplace_back(inv::to_string(job.kind));
        providers.emplace_back(inv::to_string(job.cloud));
    }
    pqxx::work tx(conn);
    tx.exec_params0(sql::enlist_jobs, array_literal(tenants), array_literal(accounts),
                    array_literal(kinds), array_literal(providers), bigint_array(first_delays));
    tx.exec(sql::notify_jobs); // a peer may have a free slot for a job due at once
    tx.commit();
}

claim_result claim_jobs(pqxx::connection& conn, const std::string& instance,
                        const std::vector<job_ref>& mine, std::size_t limit, bool triggered_only,
                        std::chrono::milliseconds lease) {
    claim_result out;
    const auto refs = arrays_of(mine);
    pqxx::work tx(conn);
    if (limit > 0)
        for (const auto& row : tx.exec_params(sql::claim_jobs, instance, refs.accounts, refs.kinds,
                                              static_cast<std::int64_t>(limit), triggered_only,
                                              static_cast<std::int64_t>(lease.count()))) {
            job_claim claim{ref_of(row, 0, 1), row[2].as<std::string>(), row[3].as<int>(), {}};
            if (!row[4].is_null() && row[4].as<std::string>() != instance)
                claim.taken_from = row[4].as<std::string>();
            out.claimed.push_back(std::move(claim));
        }
    const auto next = tx.exec_params1(sql::next_claimable, refs.accounts, refs.kinds);
    if (!next[0].is_null())
        out.next_due = system_time(std::chrono::milliseconds(next[0].as<std::int64_t>()));
    tx.commit();
    return out;
}

std::vector<job_ref> renew_leases(pqxx::connection& conn, const std::string& instance,
                                  const std::vector<job_ref>& held,
                                  std::chrono::milliseconds lease) {
    std::vector<job_ref> out;
    if (held.empty())
        return out;
    const auto refs = arrays_of(held);
    pqxx::work tx(conn);
    for (const auto& row : tx.exec_params(sql::renew_leases, instance, refs.accounts, refs.kinds,
                                          static_cast<std::int64_t>(lease.count())))
        out.push_back(ref_of(row, 0, 1));
    tx.commit();
    return out;
}

bool release_lease(pqxx::connection& conn, const std::string& instance, const job_ref& job,
                   std::chrono::milliseconds next_due_in, int failures,
                   std::optional<inv::run_id> run, bool notify) {
    pqxx::work tx(conn);
    const auto result = tx.exec_params(
        sql::release_lease, instance, job.account, std::string(inv::to_string(job.kind)),
        static_cast<std::int64_t>(next_due_in.count()), failures, run);
    if (notify)
        tx.exec(sql::notify_jobs);
    tx.commit();
    return result.affected_rows() == 1;
}

job_trigger_result trigger_job(pqxx::connection& conn, const job_ref& job,
                               const std::string& trigger, bool notify) {
    pqxx::work tx(conn);
    const auto rows = tx.exec_params(sql::trigger_job, job.account,
                                     std::string(inv::to_string(job.kind)), trigger);
    if (rows.empty())
        return job_trigger_result::unknown_job;
    auto result = job_trigger_result::queued;
    if (rows[0][0].as<bool>())
        result = job_trigger_result::already_running;
    else if (rows[0][1].as<bool>())
        result = job_trigger_result::already_queued;
    if (result == job_trigger_result::queued && notify)
        tx.exec(sql::notify_jobs);
    tx.commit();
    return result;
}

std::vector<job_row> read_jobs(pqxx::connection& conn) {
    std::vector<job_row> out;
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec(sql::read_jobs())) {
        job_row job;
        if (!row[0].is_null())
            job.last_run = run_from_row(row);
        job.tenant = row[16].as<std::string>();
        job.account = row[17].as<std::string>();
        job.cloud = inv::parse_provider(row[18].as<std::string>()).value_or(inv::provider::azure);
        job.kind =
            inv::parse_collector_kind(row[19].as<std::string>()).value_or(inv::collector_kind::vms);
        job.next_due = from_micros(row[20].as<std::int64_t>());
        if (!row[21].is_null())
            job.lease_owner = row[21].as<std::string>();
        if (!row[22].is_null())
            job.lease_expires = from_micros(row[22].as<std::int64_t>());
        if (!row[23].is_null())
            job.pending_trigger = row[23].as<std::string>();
        job.consecutive_failures = row[24].as<int>();
        out.push_back(std::move(job));
    }
    return out;
}

void upsert_instance(pqxx::transaction_base& tx, const instance_info& self) {
    boost::json::object accounts;
    for (const auto& [account, tenant] : self.accounts)
        accounts[account] = tenant;
    tx.exec_params0(sql::register_instance, self.id, self.host, self.pid, self.version,
                    self.config_digest, boost::json::serialize(accounts),
                    static_cast<std::int64_t>(self.lease.count()));
}

void register_instance(pqxx::connection& conn, const instance_info& self) {
    pqxx::work tx(conn);
    upsert_instance(tx, self);
    tx.commit();
}

heartbeat_result heartbeat(pqxx::connection& conn, const instance_info& self) {
    heartbeat_result out;
    bool known = false;
    {
        pqxx::work tx(conn);
        known = tx.exec_params(sql::beat_instance, self.id).affected_rows() == 1;
        tx.exec0(sql::forget_instances);
        tx.commit();
    }
    // A peer forgets rows a day old; an instance that was away that long
    // (a suspended VM) announces itself again.
    if (!known)
        register_instance(conn, self);
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec(sql::read_instances)) {
        instance_row one;
        one.id = row[0].as<std::string>();
        one.host = row[1].as<std::string>();
        one.pid = row[2].as<std::int64_t>();
        one.version = row[3].as<std::string>();
        one.config_digest = row[4].as<std::string>();
        one.started_at = from_micros(row[5].as<std::int64_t>());
        one.heartbeat_at = from_micros(row[6].as<std::int64_t>());
        one.live = row[7].as<bool>();
        out.instances.push_back(std::move(one));
    }
    out.schema_version = tx.exec1(sql::migration_version)[0].as<int>();
    return out;
}

void deregister_instance(pqxx::connection& conn, const std::string& id) {
    pqxx::work tx(conn);
    tx.exec_params0(sql::deregister_instance, id);
    tx.commit();
}

} // namespace cloudsync::store::detail
