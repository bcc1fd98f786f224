// Where the server listens: TCP (v4/v6), Unix sockets, sockets inherited from
// systemd, and TLS.
#include "api/client.hpp"
#include "api/detail/listener.hpp"
#include "api/server_fixture.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <fstream>

using namespace cloudsync::api;
using namespace cloudsync::api::testing;
using http::verb;
using unix_socket = boost::asio::local::stream_protocol;
namespace fs = std::filesystem;

namespace {

std::string temp_path(const std::string& name) {
    return ::testing::TempDir() + "api-" + std::to_string(::getpid()) + "-" + name;
}

} // namespace

TEST(ApiListen, ParsesListenAddresses) {
    using detail::parse_listen_address;
    const auto v4 = std::get<detail::tcp::endpoint>(parse_listen_address("127.0.0.1:8080"));
    EXPECT_EQ(v4.port(), 8080);
    const auto v6 = std::get<detail::tcp::endpoint>(parse_listen_address("[::1]:9090"));
    EXPECT_TRUE(v6.address().is_v6());
    const auto local = std::get<detail::tcp::endpoint>(parse_listen_address("localhost:1"));
    EXPECT_TRUE(local.address().is_loopback());
    EXPECT_EQ(std::get<detail::unix_path>(parse_listen_address("unix:/run/x.sock")).path,
              "/run/x.sock");
    for (const char* bad :
         {"", "8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:99999", "[::1]8080", "::1:8080",
          "example.com:80", "unix:", "unix:relative", "127.0.0.1:80x"})
        EXPECT_THROW(parse_listen_address(bad), listen_error) << bad;
}

TEST(ApiListen, BadAddressFailsStartWithAClearError) {
    boost::asio::io_context io;
    auto opts = test_options();
    opts.listen = {"127.0.0.1:0", "nonsense"};
    server srv(io.get_executor(), opts, std::make_shared<test_backend>());
    try {
        srv.start();
        FAIL() << "start() must throw";
    } catch (const listen_error& e) {
        EXPECT_NE(std::string(e.what()).find("'nonsense'"), std::string::npos) << e.what();
    }
}

TEST(ApiListen, PortInUseFailsStart) {
    running_server first;
    boost::asio::io_context io;
    auto opts = test_options();
    opts.listen = {"127.0.0.1:" + std::to_string(first.endpoint().port())};
    server srv(io.get_executor(), opts, std::make_shared<test_backend>());
    EXPECT_THROW(srv.start(), listen_error);
}

TEST(ApiListen, IPv6Loopback) {
    auto opts = test_options();
    opts.listen = {"[::1]:0"};
    std::unique_ptr<running_server> srv;
    try {
        srv = std::make_unique<running_server>(opts);
    } catch (const listen_error& e) {
        GTEST_SKIP() << "no IPv6 loopback here: " << e.what();
    }
    client c(srv->endpoint());
    EXPECT_EQ(c.request(verb::get, "/healthz").result_int(), 200);
}

TEST(ApiListen, UnixSocketReplacesStaleFileWithMode0660) {
    const auto path = temp_path("api.sock");
    { // a stale socket file, as left by a crashed daemon
        boost::asio::io_context io;
        unix_socket::acceptor stale(io, unix_socket::endpoint(path));
    }
    ASSERT_TRUE(fs::exists(path));
    auto opts = test_options();
    opts.listen = {"unix:" + path};
    {
        running_server srv(opts);
        struct stat st {};
        ASSERT_EQ(::stat(path.c_str(), &st), 0);
        EXPECT_TRUE(S_ISSOCK(st.st_mode));
        EXPECT_EQ(st.st_mode & 0777, 0660u);
        client<unix_socket> c{unix_socket::endpoint(path)};
        EXPECT_EQ(c.request(verb::get, "/healthz").result_int(), 200);
        EXPECT_EQ(c.request(verb::get, "/status", "s3cret-token").result_int(), 200);
        EXPECT_EQ(srv.server.addresses().at(0), "unix:" + path);
    }
    EXPECT_FALSE(fs::exists(path)) << "stop() removes the socket it created";
}

TEST(ApiListen, UnixSocketRefusesToClobberLiveSocketOrRegularFile) {
    const auto path = temp_path("live.sock");
    auto opts = test_options();
    opts.listen = {"unix:" + path};
    running_server live(opts);
    boost::asio::io_context io;
    server second(io.get_executor(), opts, std::make_shared<test_backend>());
    EXPECT_THROW(second.start(), listen_error);
    client<unix_socket> c{unix_socket::endpoint(path)};
    EXPECT_EQ(c.request(verb::get, "/healthz").result_int(), 200) << "first server untouched";

    const auto file = temp_path("not-a-socket");
    std::ofstream(file) << "data";
    opts.listen = {"unix:" + file};
    server third(io.get_executor(), opts, std::make_shared<test_backend>());
    EXPECT_THROW(third.start(), listen_error);
    EXPECT_TRUE(fs::exists(file));
    fs::remove(file);
}

TEST(ApiListen, SocketActivationAdoptsInheritedTcpAndUnixFds) {
    boost::asio::io_context io;
    detail::tcp::acceptor tcp_listener(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    const auto tcp_endpoint = tcp_listener.local_endpoint();
    const auto path = temp_path("activated.sock");
    ::unlink(path.c_str());
    unix_socket::acceptor unix_listener(io, unix_socket::endpoint(path));

    auto opts = test_options();
    opts.listen = {"256.0.0.1:1"}; // ignored when fds are given
    opts.listen_fds = {tcp_listener.release(), unix_listener.release()};
    running_server srv(opts);
    ASSERT_EQ(srv.server.tcp_endpoints().size(), 1u);
    EXPECT_EQ(srv.endpoint(), tcp_endpoint);

    client tcp_client(tcp_endpoint);
    EXPECT_EQ(tcp_client.request(verb::get, "/healthz").result_int(), 200);
    client<unix_socket> unix_client{unix_socket::endpoint(path)};
    EXPECT_EQ(unix_client.request(verb::get, "/healthz").result_int(), 200);
    ::unlink(path.c_str());
}

TEST(ApiListen, SocketActivationRejectsNonSocketFd) {
    boost::asio::io_context io;
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    ::close(pipe_fds[1]);
    auto opts = test_options();
    opts.listen_fds = {pipe_fds[0]};
    server srv(io.get_executor(), opts, std::make_shared<test_backend>());
    EXPECT_THROW(srv.start(), listen_error);
}

TEST(ApiListen, MissingTlsFilesFailConstruction) {
    boost::asio::io_context io;
    auto opts = test_options();
    opts.tls = tls_options{"/nonexistent/cert.pem", cloudsync::secret("not a key")};
    EXPECT_THROW(server(io.get_executor(), opts, std::make_shared<test_backend>()), listen_error);
}

TEST(ApiListen, ServesOverTls) {
    if (std::system("command -v openssl >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "openssl command not installed, cannot make a test certificate";
    const auto cert = temp_path("cert.pem");
    const auto key = temp_path("key.pem");
    const auto command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                         "-subj /CN=localhost -days 1 -keyout " +
                         key + " -out " + cert + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
    auto opts = test_options();
    std::ifstream key_file(key);
    opts.tls = tls_options{cert, cloudsync::secret(std::string(std::istreambuf_iterator<char>(key_file), {}))};
    running_server srv(opts);

    boost::asio::io_context io;
    boost::asio::ssl::context ctx(boost::asio::ssl::context::tls_client);
    ctx.load_verify_file(cert);
    boost::asio::ssl::stream<detail::tcp::socket> stream(io, ctx);
    stream.set_verify_mode(boost::asio::ssl::verify_peer);
    stream.next_layer().connect(srv.endpoint());
    set_receive_timeout(stream.next_layer(), std::chrono::seconds(5));
    stream.handshake(boost::asio::ssl::stream_base::client);
    http::request<http::string_body> req(verb::get, "/status", 11);
    req.set(http::field::host, "localhost");
    req.set(http::field::authorization, "Bearer s3cret-token");
    http::write(stream, req);
    boost::beast::flat_buffer buffer;
    response res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_NE(res.body().find("\"version\":\"1.2.3-test\""), std::string::npos);

    // A plain-text client on the TLS port gets nothing useful and no crash.
    client plain(srv.endpoint(), std::chrono::seconds(3));
    plain.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string data;
    plain.read_until_closed(&data);
    EXPECT_EQ(data.find("200 OK"), std::string::npos);
    fs::remove(cert);
    fs::remove(key);
}
