#include "store/detail/tenants.hpp"

#include "store/detail/job_board.hpp"
#include "store/detail/sql.hpp"
#include "store/store_error.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace cloudsync::store::detail {
namespace {

void check_roles_exist(pqxx::work& tx, const std::set<std::string>& roles) {
    std::string missing;
    for (const auto& role : roles) {
        if (!tx.exec_params(sql::role_exists, role).empty())
            continue;
        missing += (missing.empty() ? "" : ", ") + role;
    }
    if (!missing.empty())
        throw store_error("reader role(s) do not exist: " + missing +
                          " (cloudsync never creates roles: create them, or remove them from "
                          "the tenants' readers)");
}

bool reader_privileges_in_place(pqxx::work& tx, const std::string& role) {
    return tx
        .exec_params1(sql::privileges_in_place, role, std::string(sql::reader_tables),
                      std::string("SELECT"), std::string(sql::reader_function), false,
                      std::string())[0]
        .as<bool>();
}

void grant(pqxx::work& tx, const std::string& role) {
    auto quoted = tx.quote_name(role);
    tx.exec0("GRANT USAGE ON SCHEMA cloudsync TO " + quoted);
    tx.exec0(std::string("GRANT SELECT ON ") + sql::reader_tables + " TO " + quoted);
    tx.exec0(std::string("GRANT EXECUTE ON FUNCTION ") + sql::reader_function + " TO " + quoted);
}

void revoke(pqxx::work& tx, const std::string& role) {
    auto quoted = tx.quote_name(role);
    tx.exec0(std::string("REVOKE ALL ON ") + sql::reader_tables + " FROM " + quoted);
    tx.exec0(std::string("REVOKE ALL ON FUNCTION ") + sql::reader_function + " FROM " + quoted);
    tx.exec0("REVOKE ALL ON SCHEMA cloudsync FROM " + quoted);
}

// Deletes every row of the account, in every table that holds one.
void purge_account(pqxx::work& tx, const std::string& account) {
    for (const auto& statement : sql::delete_account_rows())
        tx.exec_params0(statement, account);
}

} // namespace

void apply_tenants(pqxx::connection& conn, const std::vector<tenant_spec>& tenants,
                   const std::vector<account_spec>& accounts, const acting_roles& roles,
                   const std::string& instance, const std::optional<instance_info>& self) {
    pqxx::work tx(conn);
    // Grants and the reader mapping are the owner's; the rows are the writer's
    // (under FORCE ROW LEVEL SECURITY the owner has no policy of its own), so
    // the writer gets its grants first and writes tenants and accounts before
    // the owner maps readers to them.
    tx.exec0(act_as(tx, roles.owner));
    tx.exec(sql::tenants_lock);
    std::set<std::string> readers;
    for (const auto& t : tenants)
        readers.insert(t.readers.begin(), t.readers.end());
    check_roles_exist(tx, readers);
    for (const auto& role : readers)
        refuse_privileged_reader(tx, role, roles);
    const auto writer = writer_name(tx, roles);
    warn_if_writer_bypasses_policies(tx, writer);

    // What changes in the grants, decided before anything is written: an
    // unchanged config (every start but the first) grants nothing and takes
    // no lock a peer's runs would wait on. A change takes the partition locks
    // first (sql::partition_locks), before this transaction holds any row a
    // run's might wait for.
    const bool writer_ready = writer_privileges_in_place(tx, writer);
    std::vector<std::string> to_grant;
    for (const auto& role : readers)
        if (!reader_privileges_in_place(tx, role))
            to_grant.push_back(role);
    std::vector<std::string> to_revoke;
    for (const auto& row : tx.exec(sql::current_readers)) {
        auto role = row[0].as<std::string>();
        // A role the DBA dropped has no grants left to revoke.
        if (!readers.count(role) && !tx.exec_params(sql::role_exists, role).empty())
            to_revoke.push_back(std::move(role));
    }
    if (!writer_ready || !to_grant.empty() || !to_revoke.empty())
        tx.exec(sql::partition_locks);
    if (!writer_ready)
        grant_writer(tx, writer);

    tx.exec0(act_as(tx, roles.writer));
    // Under the tenants lock with the purge below: a peer applying its config
    // right after sees this instance's accounts.
    if (self)
        upsert_instance(tx, *self);
    // An account that moved to another tenant, or left the config, takes its
    // rows with it: rows keep the tenant they were written for, so otherwise
    // the old tenant's readers would see them forever. Its history goes too
    // (changes, runs): none of it may cross to the new tenant.
    std::map<std::string, std::string> configured; // account -> tenant
    for (const auto& a : accounts)
        configured[a.name] = a.tenant;
    // A live peer whose config still has the account where it is keeps it: in
    // a rolling config change the last instance to let go of it removes it.
    std::map<std::string, std::string> held_by_peer; // account -> peer, same tenant
    std::set<std::string> kept;
    const auto known = tx.exec(sql::known_accounts);
    for (const auto& row : tx.exec_params(sql::peer_accounts, instance))
        for (const auto& k : known)
            if (k[0].as<std::string>() == row[0].as<std::string>() &&
                k[1].as<std::string>() == row[1].as<std::string>())
                held_by_peer.emplace(row[0].as<std::string>(), row[2].as<std::string>());
    for (const auto& row : known) {
        const auto account = row[0].as<std::string>();
        const auto tenant = row[1].as<std::string>();
        const auto now = configured.find(account);
        if (now != configured.end() && now->second == tenant)
            continue;
        if (auto peer = held_by_peer.find(account); peer != held_by_peer.end()) {
            spdlog::warn("store: account {} {}, but instance {} still syncs it there: its rows "
                         "are kept until no live instance does",
                         account,
                         now == configured.end() ? "is no longer configured"
                                                 : "moved to tenant " + now->second,
                         peer->second);
            kept.insert(account);
            continue;
        }
        purge_account(tx, account);
        if (now == configured.end())
            tx.exec_params0(sql::delete_account, account);
        spdlog::warn("store: account {} {}: its rows were deleted", account,
                     now == configured.end() ? "is no longer configured"
                                             : "moved from tenant " + tenant + " to " + now->second);
    }

    for (const auto& t : tenants)
        tx.exec_params0(sql::upsert_tenant, t.name);
    for (const auto& a : accounts) {
        tx.exec_params0(sql::upsert_tenant, a.tenant);
        if (kept.count(a.name))
            continue; // moved here, but still synced under its old tenant
        tx.exec_params0(sql::upsert_account, a.tenant, a.name,
                        std::string(inventory::to_string(a.cloud)));
    }

    tx.exec0(act_as(tx, roles.owner));
    tx.exec0(sql::clear_readers);
    for (const auto& t : tenants)
        for (const auto& role : t.readers)
            tx.exec_params0(sql::insert_reader, t.name, role);
    for (const auto& role : to_grant)
        grant(tx, role);
    for (const auto& role : to_revoke)
        revoke(tx, role);
    tx.commit();
}

} // namespace cloudsync::store::detail
