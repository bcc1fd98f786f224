// Hostile clients: oversized headers and bodies, slowloris, idle connections,
// the connection cap and random garbage. The server must answer or close, on
// time, and keep serving everyone else.
#include "api/client.hpp"
#include "api/server_fixture.hpp"

#include <gtest/gtest.h>

#include <random>
#include <thread>

using namespace cloudsync::api;
using namespace cloudsync::api::testing;
using http::verb;
using namespace std::chrono_literals;

namespace {

void expect_still_serving(running_server& srv) {
    client c(srv.endpoint());
    EXPECT_EQ(c.request(verb::get, "/healthz").result_int(), 200);
}

// Status code of the raw response in data ("HTTP/1.1 431 ...").
int status_of(const std::string& data) {
    if (data.size() < 12 || data.rfind("HTTP/1.1 ", 0) != 0)
        return 0;
    return std::stoi(data.substr(9, 3));
}

} // namespace

TEST(ApiLimits, HugeHeaderIs431) {
    running_server srv;
    client c(srv.endpoint());
    c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
    std::string data;
    c.read_until_closed(&data);
    EXPECT_EQ(status_of(data), 431) << data.substr(0, 100);
    EXPECT_NE(data.find("request header fields too large"), std::string::npos);
    expect_still_serving(srv);
}

TEST(ApiLimits, HeaderJustUnderLimitIsFine) {
    running_server srv;
    client c(srv.endpoint());
    c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(7000, 'a') + "\r\n\r\n");
    EXPECT_EQ(c.read().result_int(), 200);
}

TEST(ApiLimits, HugeBodyIs413) {
    running_server srv;
    client c(srv.endpoint());
    c.send_raw("POST /sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret-token\r\n"
               "Content-Length: 100000\r\n\r\n" +
               std::string(1000, 'x'));
    std::string data;
    c.read_until_closed(&data);
    EXPECT_EQ(status_of(data), 413) << data.substr(0, 100);
    expect_still_serving(srv);
}

TEST(ApiLimits, HugeChunkedBodyIs413) {
    running_server srv;
    client c(srv.endpoint());
    std::string chunked = "POST /sync HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 20; ++i)
        chunked += "1000\r\n" + std::string(4096, 'y') + "\r\n";
    c.send_raw(chunked);
    std::string data;
    c.read_until_closed(&data);
    EXPECT_EQ(status_of(data), 413);
}

TEST(ApiLimits, SlowlorisIsCutOffAtTheRequestDeadline) {
    auto opts = test_options();
    opts.request_timeout = 500ms;
    running_server srv(opts);
    client c(srv.endpoint());
    const auto start = std::chrono::steady_clock::now();
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaa\r\n";
    boost::system::error_code ec;
    for (char ch : request) { // one byte every 50 ms: the request would need ~2.5 s
        boost::asio::write(c.socket(), boost::asio::buffer(&ch, 1), ec);
        if (ec)
            break;
        std::this_thread::sleep_for(50ms);
    }
    if (!ec)
        c.read_until_closed();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, 1500ms) << "connection must be closed near the 500 ms deadline";
    EXPECT_GE(elapsed, 400ms);
    expect_still_serving(srv);
}

TEST(ApiLimits, IdleKeepAliveConnectionIsClosed) {
    auto opts = test_options();
    opts.idle_timeout = 300ms;
    running_server srv(opts);
    client c(srv.endpoint());
    ASSERT_EQ(c.request(verb::get, "/healthz").result_int(), 200);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(c.read_until_closed(), boost::asio::error::eof);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(ApiLimits, ConnectionsBeyondTheCapGet503) {
    auto opts = test_options();
    opts.max_connections = 2;
    running_server srv(opts);
    client a(srv.endpoint());
    client b(srv.endpoint());
    ASSERT_EQ(a.request(verb::get, "/healthz").result_int(), 200);
    ASSERT_EQ(b.request(verb::get, "/healthz").result_int(), 200);

    client excess(srv.endpoint());
    std::string data;
    excess.read_until_closed(&data);
    EXPECT_EQ(status_of(data), 503) << data;
    EXPECT_NE(data.find("too many connections"), std::string::npos);

    // The held connections still work, and a slot frees when one closes.
    EXPECT_EQ(a.request(verb::get, "/healthz").result_int(), 200);
    b.socket().close();
    for (int i = 0; i < 100 && srv.server.connections() > 1; ++i)
        std::this_thread::sleep_for(10ms);
    client later(srv.endpoint());
    EXPECT_EQ(later.request(verb::get, "/healthz").result_int(), 200);
}

TEST(ApiLimits, MalformedRequestsAre400) {
    running_server srv;
    for (const char* bad :
         {"GARBAGE\r\n\r\n", "GET /healthz HTTP/9.9\r\n\r\n",
          "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n", "GET\t/ HTTP/1.1\r\n\r\n",
          "POST /sync HTTP/1.1\r\nContent-Length: zz\r\n\r\n"}) {
        client c(srv.endpoint());
        c.send_raw(bad);
        std::string data;
        c.read_until_closed(&data);
        EXPECT_EQ(status_of(data), 400) << bad;
        EXPECT_NE(data.find("malformed request"), std::string::npos);
    }
    expect_still_serving(srv);
}

TEST(ApiLimits, RandomGarbageNeverCrashes) {
    auto opts = test_options();
    opts.request_timeout = 300ms;
    opts.idle_timeout = 300ms;
    running_server srv(opts);
    std::mt19937 rng(20240501);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(1, 20000);
    const std::string prefixes[] = {"", "GET /", "POST /sync?", "GET /runs/",
                                    "GET /healthz HTTP/1.1\r\n"};
    for (int i = 0; i < 200; ++i) {
        std::string junk = prefixes[static_cast<std::size_t>(i) % std::size(prefixes)];
        const int n = length(rng);
        for (int k = 0; k < n; ++k)
            junk += static_cast<char>(byte(rng));
        client c(srv.endpoint(), 2s);
        boost::system::error_code ec;
        boost::asio::write(c.socket(), boost::asio::buffer(junk), ec);
        std::string data;
        const auto end = c.read_until_closed(&data);
        EXPECT_NE(end, boost::asio::error::would_block) << "server neither answered nor closed";
        if (!data.empty()) {
            EXPECT_EQ(data.rfind("HTTP/1.1 4", 0), 0u) << i;
        }
    }
    expect_still_serving(srv);
}

TEST(ApiLimits, StopClosesOpenConnections) {
    running_server srv;
    const auto endpoint = srv.endpoint();
    client c(endpoint);
    ASSERT_EQ(c.request(verb::get, "/healthz").result_int(), 200);
    srv.server.stop();
    const auto end = c.read_until_closed();
    EXPECT_TRUE(end == boost::asio::error::eof || end == boost::asio::error::connection_reset)
        << end.message();
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket s(io);
    boost::system::error_code ec;
    s.connect(endpoint, ec);
    EXPECT_TRUE(ec) << "no longer accepting";
}
