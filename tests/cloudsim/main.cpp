// cloudsim: the fake cloud as a process, for the demo and the benchmarks.
// Parses the CLI, starts the server, prints "listening on http://127.0.0.1:PORT"
// (and writes PORT to --port-file), runs until SIGTERM or SIGINT.
#include "cloudsim/error.hpp"
#include "cloudsim/server.hpp"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

namespace {

using namespace cloudsync::cloudsim;

constexpr std::string_view usage =
    "usage: cloudsim [--port N] [--seed S] [--subscriptions N] [--vms-per-subscription M]\n"
    "                [--page-size P] --tenant-id T --client-id C --client-secret X\n"
    "                [--token-lifetime SECONDS] [--extra-scope SCOPE] [--port-file PATH]\n";

std::uint64_t to_number(std::string_view flag, const std::string& text) {
    std::size_t used = 0;
    unsigned long long value = 0;
    try {
        value = std::stoull(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size()) {
        throw cloudsim_error(std::string(flag) + ": not a number: '" + text + "'");
    }
    return value;
}

struct cli {
    options opts;
    std::string port_file;
};

cli parse(int argc, char** argv) {
    cli c;
    client_credential client;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << usage;
            std::exit(0);
        }
        if (i + 1 >= argc) throw cloudsim_error(std::string(flag) + " needs a value");
        const std::string value = argv[++i];
        if (flag == "--port") c.opts.port = static_cast<unsigned short>(to_number(flag, value));
        else if (flag == "--seed") c.opts.inventory.seed = to_number(flag, value);
        else if (flag == "--subscriptions") c.opts.inventory.subscriptions = static_cast<std::uint32_t>(to_number(flag, value));
        else if (flag == "--vms-per-subscription") c.opts.inventory.vms_per_subscription = to_number(flag, value);
        else if (flag == "--page-size") c.opts.page_size = to_number(flag, value);
        else if (flag == "--tenant-id") client.tenant_id = value;
        else if (flag == "--client-id") client.client_id = value;
        else if (flag == "--client-secret") client.client_secret = value;
        else if (flag == "--token-lifetime") c.opts.token_lifetime = std::chrono::seconds(to_number(flag, value));
        else if (flag == "--extra-scope") c.opts.extra_scopes.push_back(value);
        else if (flag == "--port-file") c.port_file = value;
        else throw cloudsim_error("unknown option " + std::string(flag));
    }
    if (client.tenant_id.empty() || client.client_id.empty() || client.client_secret.empty()) {
        throw cloudsim_error("--tenant-id, --client-id and --client-secret are required");
    }
    c.opts.inventory.tenant_id = client.tenant_id;
    c.opts.clients.push_back(std::move(client));
    return c;
}

} // namespace

int main(int argc, char** argv) {
    // Block the stop signals before any thread starts, so only sigwait sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    try {
        cli c = parse(argc, argv);
        server sim(c.opts);
        sim.start();
        if (!c.port_file.empty()) {
            std::ofstream(c.port_file) << sim.port() << '\n';
        }
        std::cout << "listening on " << sim.base_url() << std::endl;
        int received = 0;
        sigwait(&signals, &received);
        sim.stop();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "cloudsim: " << e.what() << '\n' << usage;
        return 2;
    }
}
