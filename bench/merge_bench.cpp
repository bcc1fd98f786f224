// merge_bench: what one database takes from several daemons merging at once.
// W writers (W store::database objects, each with its own connections, as W
// cloudsyncd instances would have), each for its own tenant and account, merge
// N VM records through the store's real write path (begin, open_scope, write
// in batches of 1,000, commit) at the same moment: a first load into empty
// tables, an unchanged re-sync and a re-sync with 10% of the records changed.
// The same with one writer is printed beside it. No cloud and no collector:
// the records are built before the clock starts, so the figure is the store's
// and PostgreSQL's alone. Each configuration runs on a fresh database, RUNS
// times; the medians are printed.
//   merge_bench [--records N] [--writers W] [--runs R]   (default 100000 3 3)
// Build the release preset first: figures from a debug build mean little.
#include "bench_support.hpp"
#include "store/database.hpp"
#include "support/pg_cluster.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace cloudsync;
namespace inv = cloudsync::inventory;

constexpr std::size_t batch_size = 1000; // the collectors' page size

template <typename T> T run_blocking(boost::asio::awaitable<T> work) {
    boost::asio::io_context io;
    auto result = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
    io.run();
    return result.get();
}

// A VM record much like an Azure VM as the collector normalizes it; `version`
// changes the size (and so the raw payload) of every tenth record.
inv::record make_vm(int writer, int i, int version) {
    const auto size = (version > 0 && i % 10 == 0) ? "Standard_D4s_v" + std::to_string(version)
                                                   : std::string("Standard_B2s");
    inv::record r;
    r.native_id = "/subscriptions/s" + std::to_string(writer) +
                  "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm" +
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
    c.private_ips = {"10." + std::to_string(i / 62500 % 250) + "." + std::to_string(i / 250 % 250) +
                     "." + std::to_string(i % 250 + 1)};
    r.columns = c;
    return r;
}

using batches = std::vector<std::vector<inv::record>>;

batches make_batches(int writer, int records, int version) {
    batches out;
    for (int i = 0; i < records; ++i) {
        if (out.empty() || out.back().size() == batch_size)
            out.emplace_back().reserve(batch_size);
        out.back().push_back(make_vm(writer, i, version));
    }
    return out;
}

std::string tenant_of(int writer) {
    return "tenant" + std::to_string(writer);
}
std::string account_of(int writer) {
    return "azure-" + std::to_string(writer);
}

// One run of one writer, as cloudsyncd's vms job makes it: seconds and counts.
struct merged {
    double seconds = 0;
    inv::run_counts counts;
};

merged merge(store::database& db, int writer, batches input) {
    const double started = bench::now_seconds();
    auto counts = run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
        auto run = co_await db.begin({tenant_of(writer), account_of(writer), inv::provider::azure,
                                      inv::collector_kind::vms, "bench"});
        auto sink = co_await run->open_scope("");
        for (auto& batch : input)
            co_await sink->write(std::move(batch));
        co_await sink->complete();
        co_return co_await run->commit();
    }());
    return {bench::now_seconds() - started, counts};
}

struct phase_figures {
    double wall = 0;                // from the common start to the last commit
    std::vector<double> per_writer; // each writer's own run time
};

// Every writer merges its input at once, each on its own thread.
phase_figures merge_at_once(std::vector<std::unique_ptr<store::database>>& dbs,
                            std::vector<batches> inputs, const char* phase,
                            long long expect_written) {
    std::vector<merged> results(dbs.size());
    std::vector<std::thread> threads;
    std::vector<std::exception_ptr> errors(dbs.size());
    const double started = bench::now_seconds();
    for (std::size_t w = 0; w < dbs.size(); ++w)
        threads.emplace_back([&, w] {
            try {
                // Moved, not copied: the clock runs.
                results[w] = merge(*dbs[w], static_cast<int>(w), std::move(inputs[w]));
            } catch (...) {
                errors[w] = std::current_exception();
            }
        });
    for (auto& t : threads)
        t.join();
    phase_figures out{bench::now_seconds() - started, {}};
    for (std::size_t w = 0; w < dbs.size(); ++w) {
        if (errors[w])
            std::rethrow_exception(errors[w]);
        const auto& c = results[w].counts;
        // The figure counts only if the merge did what it should.
        if (c.added + c.modified != expect_written)
            throw std::runtime_error(std::string(phase) + ": writer " + std::to_string(w) +
                                     " wrote " + std::to_string(c.added + c.modified) +
                                     " rows, expected " + std::to_string(expect_written));
        out.per_writer.push_back(results[w].seconds);
    }
    return out;
}

struct config_figures {
    std::vector<double> wall[3];
    std::vector<double> writer_seconds[3]; // every writer's time of every run
};

const char* const phase_names[3] = {"first load", "unchanged re-sync", "10% modified re-sync"};

void run_config(int writers, int records, config_figures& figures) {
    const auto db_info = test::pg_cluster::instance().create_database();
    std::vector<std::unique_ptr<store::database>> dbs;
    std::vector<store::tenant_spec> tenants;
    std::vector<store::account_spec> accounts;
    for (int w = 0; w < writers; ++w) {
        // One run at a time per instance, two batches queued: the daemon's way.
        dbs.push_back(std::make_unique<store::database>(store::options{secret(db_info.dsn), 1, 2}));
        tenants.push_back({tenant_of(w), {}});
        accounts.push_back({account_of(w), tenant_of(w), inv::provider::azure});
    }
    run_blocking(dbs[0]->migrate());
    run_blocking(dbs[0]->apply_tenants(tenants, accounts));

    const long long expected[3] = {records, 0, (records + 9) / 10}; // i % 10 == 0 changed
    const int versions[3] = {0, 0, 1};
    for (int phase = 0; phase < 3; ++phase) {
        std::vector<batches> inputs;
        for (int w = 0; w < writers; ++w)
            inputs.push_back(make_batches(w, records, versions[phase]));
        const auto f = merge_at_once(dbs, std::move(inputs), phase_names[phase], expected[phase]);
        figures.wall[phase].push_back(f.wall);
        for (double s : f.per_writer)
            figures.writer_seconds[phase].push_back(s);
    }
}

int arg_value(int argc, char** argv, const char* name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return std::atoi(argv[i + 1]);
    return fallback;
}

} // namespace

int main(int argc, char** argv) {
    const int records = arg_value(argc, argv, "--records", 100000);
    const int writers = arg_value(argc, argv, "--writers", 3);
    const int runs = arg_value(argc, argv, "--runs", 3);
    if (records < 10 || writers < 1 || runs < 1) {
        std::fprintf(stderr, "usage: merge_bench [--records N>=10] [--writers W] [--runs R]\n");
        return 2;
    }
    try {
        config_figures one, many;
        // Alternated, so that both meet the machine's noise alike.
        for (int r = 0; r < runs; ++r) {
            run_config(1, records, one);
            run_config(writers, records, many);
        }
        std::printf("%d VM records per writer, batches of %zu, medians of %d runs\n", records,
                    batch_size, runs);
        std::printf("%-22s %8s %14s %14s %14s\n", "phase", "writers", "wall s", "rows/s total",
                    "rows/s writer");
        for (int phase = 0; phase < 3; ++phase) {
            for (auto* figures : {&one, &many}) {
                const int w = figures == &one ? 1 : writers;
                const double wall = bench::median(figures->wall[phase]);
                const double writer = bench::median(figures->writer_seconds[phase]);
                std::printf("%-22s %8d %14.2f %14.0f %14.0f\n", phase_names[phase], w, wall,
                            static_cast<double>(records) * w / wall,
                            static_cast<double>(records) / writer);
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "merge_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
