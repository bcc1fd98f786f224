// The client over TLS against the test server with a certificate made in the
// test: trusted through extra_ca_file it works; a name mismatch or an
// untrusted certificate fails without retrying.
#include "http/client.hpp"
#include "http/test_cert.hpp"
#include "http/test_server.hpp"

#include <gtest/gtest.h>

namespace cloudsync::http {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::reply;
using test::test_server;

struct tls_fixture {
    explicit tls_fixture(const std::string& cn, const std::string& san)
        : cert(test::make_self_signed(cn, san)),
          ca_file(test::write_temp_file(cn + "-ca.pem", cert.cert_pem)) {
        server_context.use_certificate_chain(asio::buffer(cert.cert_pem));
        server_context.use_private_key(asio::buffer(cert.key_pem), asio::ssl::context::pem);
    }
    test::self_signed cert;
    std::string ca_file;
    asio::ssl::context server_context{asio::ssl::context::tls_server};
};

client_options tls_options(std::string ca_file) {
    client_options o;
    o.connect_timeout = 2s;
    o.request_timeout = 2s;
    o.retry.max_attempts = 3;
    o.retry.initial_backoff = 5ms;
    o.retry.max_backoff = 20ms;
    o.extra_ca_file = std::move(ca_file);
    return o;
}

response get(const client_options& options, const std::string& url) {
    asio::io_context io;
    client c(io.get_executor(), options);
    return test::run_sync(io, c.send(request{boost::beast::http::verb::get, url, {}, {}}));
}

TEST(ClientTls, SucceedsWithExtraCaByNameAndByAddress) {
    tls_fixture tls("localhost", "DNS:localhost,IP:127.0.0.1");
    test_server server([](const test::received& r, int) { return reply{200, {}, r.target}; },
                       &tls.server_context);
    asio::io_context io;
    client c(io.get_executor(), tls_options(tls.ca_file));
    for (int i = 0; i < 3; ++i) {
        auto got = test::run_sync(
            io, c.send(request{boost::beast::http::verb::get, server.url("/n", "localhost"), {}, {}}));
        EXPECT_EQ(got.status, 200u);
        EXPECT_EQ(got.body, "/n");
    }
    EXPECT_EQ(server.connections(), 1); // TLS connections are pooled too
    EXPECT_EQ(get(tls_options(tls.ca_file), server.url("/ip")).body, "/ip");
    EXPECT_EQ(server.log()[0].header("Host"), "localhost:" + std::to_string(server.port()));
}

TEST(ClientTls, NameMismatchFailsWithoutRetry) {
    tls_fixture tls("example.invalid", "DNS:example.invalid");
    test_server server([](const test::received&, int) { return reply{200, {}, "no"}; },
                       &tls.server_context);
    try {
        get(tls_options(tls.ca_file), server.url("/secret?sig=SECRET", "localhost"));
        FAIL() << "no exception";
    } catch (const transport_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("certificate verify failed"), std::string::npos) << what;
        EXPECT_EQ(what.find("SECRET"), std::string::npos) << what;
    }
    EXPECT_EQ(server.connections(), 1);
    EXPECT_EQ(server.requests(), 0);
}

TEST(ClientTls, UntrustedCertificateFails) {
    tls_fixture tls("localhost", "DNS:localhost,IP:127.0.0.1");
    test_server server([](const test::received&, int) { return reply{200, {}, "no"}; },
                       &tls.server_context);
    EXPECT_THROW(get(tls_options(""), server.url("/", "localhost")), transport_error);
    EXPECT_EQ(server.requests(), 0);
}

TEST(ClientTls, MissingCaFileIsAClearError) {
    try {
        asio::io_context io;
        client c(io.get_executor(), tls_options("/nonexistent/ca.pem"));
        FAIL() << "no exception";
    } catch (const transport_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/ca.pem"), std::string::npos);
    }
}

} // namespace
} // namespace cloudsync::http
