// Serves the API over the test backend for load tests:
//   api_bench_server [PORT] [THREADS]      (defaults 18080, 1)
//   wrk -t2 -c50 -d10s http://127.0.0.1:18080/healthz
//   wrk -t2 -c50 -d10s -H 'Authorization: Bearer bench-token' http://127.0.0.1:18080/status
#include "api/server.hpp"
#include "api/test_backend.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    const int port = argc > 1 ? std::atoi(argv[1]) : 18080;
    const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
    boost::asio::io_context io(threads);
    cloudsync::api::server_options opts;
    opts.listen = {"127.0.0.1:" + std::to_string(port)};
    opts.token = cloudsync::secret("bench-token");
    opts.version = "bench";
    cloudsync::api::server server(io.get_executor(), opts,
                                  std::make_shared<cloudsync::api::testing::test_backend>());
    server.start();
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](auto, int) {
        server.stop();
        io.stop();
    });
    std::cout << "listening on 127.0.0.1:" << port << " with " << threads << " thread(s)\n"
              << std::flush;
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i)
        pool.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& t : pool)
        t.join();
}
