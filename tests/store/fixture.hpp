// Shared helpers of the store tests: a migrated fresh database per test, a
// blocking runner for awaitables, record builders and table snapshots.
#pragma once

#include "store/database.hpp"
#include "store/detail/sql.hpp"
#include "store/migrations.hpp"
#include "support/pg_cluster.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <memory>
#include <string>
#include <vector>

namespace cloudsync::store::test {

namespace inv = cloudsync::inventory;

// Runs an awaitable to completion on a private io_context.
template <typename T> T run_blocking(boost::asio::awaitable<T> work) {
    boost::asio::io_context io;
    auto result = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
    io.run();
    return result.get();
}

inline inv::record make_vm(int i, const std::string& size = "Standard_B2s") {
    inv::record r;
    r.native_id =
        "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm" +
        std::to_string(i);
    r.name = "vm" + std::to_string(i);
    r.region = "westeurope";
    r.tags = R"({"owner":"team)" + std::to_string(i % 7) + R"(","env":"prod"})";
    r.raw = R"({"id":")" + r.native_id + R"(","properties":{"vmId":")" + std::to_string(i) +
            R"(","hardwareProfile":{"vmSize":")" + size + R"("}}})";
    inv::vm_columns c;
    c.state = i % 2 ? inv::vm_state::running : inv::vm_state::stopped;
    c.native_state = i % 2 ? "PowerState/running" : "PowerState/stopped";
    c.size = size;
    c.os = "Linux";
    c.private_ips = {"10.0." + std::to_string((i / 250) % 250) + "." + std::to_string(i % 250 + 1)};
    if (i % 3 == 0)
        c.public_ips = {"2001:db8::" + std::to_string(i % 9999)};
    r.columns = c;
    return r;
}

inline std::vector<inv::record> make_vms(int from, int to) {
    std::vector<inv::record> out;
    for (int i = from; i < to; ++i)
        out.push_back(make_vm(i));
    return out;
}

class store_test : public ::testing::Test {
protected:
    // A fresh database with the migrations up to `version` applied, as the
    // runner applies them (for upgrade tests; SetUp migrated another).
    void start_at(int version) {
        db_info_ = cloudsync::test::pg_cluster::instance().create_database();
        pqxx::connection conn(db_info_.dsn);
        pqxx::work tx(conn);
        tx.exec0(detail::sql::migration_table);
        for (const auto& m : embedded_migrations()) {
            if (m.version > version)
                break;
            tx.exec0(std::string(m.sql));
            tx.exec_params0(detail::sql::migration_record, m.version, std::string(m.name));
        }
        tx.commit();
        db_ = std::make_unique<database>(test_options());
    }

    void SetUp() override {
        auto& cluster = cloudsync::test::pg_cluster::instance();
        db_info_ = cluster.create_database();
        db_ = std::make_unique<database>(test_options());
        run_blocking(db_->migrate());
    }

    // Every run stages through both of its COPY streams from its first row on
    // (a daemon's do from 8 MB on): the tests of the write path cover both.
    options test_options() const {
        options opts{cloudsync::secret(db_info_.dsn), 2, 2};
        opts.second_copy_after = 0;
        return opts;
    }

    // A run scope of an account registered under tenant (a run of an account
    // the config does not list is refused, as the daemon's would be).
    inv::run_scope scope(const std::string& account = "azure-prod",
                         const std::string& tenant = "platform") {
        register_account(account, tenant);
        return {tenant, account, inv::provider::azure, inv::collector_kind::vms, "once"};
    }
    // What applying a config with this account does to the bookkeeping tables.
    void register_account(const std::string& account, const std::string& tenant) {
        pqxx::connection conn(db_info_.dsn);
        pqxx::work tx(conn);
        tx.exec_params0("INSERT INTO cloudsync.tenants (tenant) VALUES ($1) ON CONFLICT DO NOTHING",
                        tenant);
        tx.exec_params0("INSERT INTO cloudsync.accounts (tenant, account, provider) "
                        "VALUES ($1, $2, 'azure') ON CONFLICT (account) DO NOTHING",
                        tenant, account);
        tx.commit();
    }

    // Begins a run, writes the batches to the whole-account scope "", commits.
    inv::run_counts sync(const std::vector<std::vector<inv::record>>& batches, inv::run_scope s) {
        return run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
            auto run = co_await db_->begin(s);
            auto sink = co_await run->open_scope("");
            for (auto batch : batches)
                co_await sink->write(std::move(batch));
            co_await sink->complete();
            co_return co_await run->commit();
        }());
    }
    inv::run_counts sync(std::vector<inv::record> records) {
        return sync({std::move(records)}, scope());
    }

    pqxx::result query(const std::string& sql) {
        pqxx::connection conn(db_info_.dsn);
        pqxx::work tx(conn);
        auto result = tx.exec(sql);
        tx.commit();
        return result;
    }
    std::string scalar(const std::string& sql) {
        auto r = query(sql);
        return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
    }
    // Every row of a table, every column, physical identity included.
    std::string dump(const std::string& table) {
        std::string out;
        for (const auto& row : query("SELECT xmin::text, ctid::text, t::text FROM cloudsync." +
                                     table + " t ORDER BY t::text"))
            out += row[0].as<std::string>() + " " + row[1].as<std::string>() + " " +
                   row[2].as<std::string>() + "\n";
        return out;
    }

    cloudsync::test::database_info db_info_;
    std::unique_ptr<database> db_;
};

// A database as an older cloudsyncd left it: each test calls start_at(version)
// (the migrations up to `version` applied, as the runner applies them) and
// database::migrate() later brings it up to date.
class store_upgrade_test : public store_test {
protected:
    void SetUp() override {}

};

} // namespace cloudsync::store::test
