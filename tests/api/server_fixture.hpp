// Runs an api::server over the test backend on its own I/O thread.
#pragma once

#include "api/server.hpp"
#include "api/test_backend.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <thread>

namespace cloudsync::api::testing {

inline server_options test_options() {
    server_options opts;
    opts.listen = {"127.0.0.1:0"};
    opts.token = secret("s3cret-token");
    opts.version = "1.2.3-test";
    return opts;
}

class running_server {
public:
    explicit running_server(server_options opts = test_options(),
                            std::shared_ptr<test_backend> impl = std::make_shared<test_backend>())
        : backend(std::move(impl)), server(io.get_executor(), std::move(opts), backend) {
        server.start();
        thread_ = std::thread([this] { io.run(); });
    }
    ~running_server() {
        server.stop();
        guard_.reset();
        io.stop(); // test teardown only: sessions may still linger
        thread_.join();
    }

    boost::asio::ip::tcp::endpoint endpoint() const { return server.tcp_endpoints().at(0); }

    boost::asio::io_context io;

private:
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{
        io.get_executor()};

public:
    std::shared_ptr<test_backend> backend;
    api::server server;

private:
    std::thread thread_;
};

} // namespace cloudsync::api::testing
